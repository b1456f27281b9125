"""StanceModel: loading, prediction and atomic saving of a stance model folder."""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Iterable, Sequence

from .actors import known_names
from .encoding import Encoder
from .labels import LABELS
from .matching import find_mention
from .prediction import Prediction
from .files import new_file_mode
from .settings import CONFIG_KEY, ModelSettings
from .version import __version__, version_tuple


class ModelFolderError(ValueError):
    """A model folder that is missing, incomplete, corrupt or not ours."""


@functools.lru_cache(maxsize=1)
def bf16_supported() -> bool:
    """True when bf16 autocast is faster than fp32 on this CPU, as measured with
    benchmarks/train_step.py: on Intel CPUs with AMX (Sapphire Rapids and later) and on AMD
    CPUs with AVX512-BF16 (Zen 4 and later: 1.6x faster MiniLM training, 2.2x MPNet). On an
    Intel CPU with AVX512-BF16 but no AMX it was slower than fp32, so "auto" means fp32 there."""
    import torch

    try:
        if not torch.ops.mkldnn._is_mkldnn_bf16_supported():
            return False
    except (AttributeError, RuntimeError):
        return False
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            info = f.read()
    except OSError:
        return False
    return cpu_prefers_bf16(info)


def cpu_prefers_bf16(cpuinfo: str) -> bool:
    """The /proc/cpuinfo rule behind bf16_supported (first processor's vendor and flags)."""
    vendor, flags = "", set()
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "vendor_id" and not vendor:
            vendor = value.strip()
        elif key == "flags" and not flags:
            flags = set(value.split())
    return "amx_bf16" in flags or (vendor == "AuthenticAMD" and "avx512_bf16" in flags)


class StanceModel:
    """A fine-tuned sequence classifier plus the input format it was trained with."""

    def __init__(self, model, tokenizer, settings: ModelSettings, precision: str = "auto", session=None):
        if precision not in ("auto", "fp32", "bf16"):
            raise ValueError(f"precision must be 'auto', 'fp32' or 'bf16', got {precision!r}")
        self.model = model.eval() if model is not None else None
        self.session = session  # an onnxruntime InferenceSession when the ONNX backend is used
        self.backend = "onnx" if session is not None else "torch"
        self.tokenizer = tokenizer
        self.settings = settings
        self.encoder = Encoder(tokenizer, settings.format)
        self.use_bf16 = precision == "bf16" or (precision == "auto" and bf16_supported())
        self.onnx_path: Path | None = None  # the ONNX file in use (set by load)
        self.name = "model"  # the folder's name (set by load)
        self._lock = threading.Lock()  # fast tokenizers are not safe to call from several threads

    # -- loading and saving -------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike, precision: str = "auto", backend: str = "auto",
             device: str = "cpu") -> "StanceModel":
        """Load a model folder written by ``save`` (or by ``stance train``).

        backend: "torch"; "onnx" for the ONNX Runtime copy written by ``stance export`` (the
        int8 copy when there is one; needs ``pip install stance[onnx]``); or "auto": ONNX when
        the folder has an ONNX copy, onnxruntime is installed and precision is "auto", else
        torch. Use "torch" to save or fine-tune the loaded model.
        device: where the torch backend runs ("cpu", "cuda", "cuda:1", or "auto" for a GPU when
        torch sees one).
        """
        from transformers import AutoConfig, AutoTokenizer

        if backend not in ("auto", "torch", "onnx"):
            raise ValueError(f"backend must be 'auto', 'torch' or 'onnx', got {backend!r}")
        path = Path(path)
        settings = read_settings(path)
        if backend == "auto":  # an explicit precision asks for torch
            backend = "onnx" if precision == "auto" and onnx_available(path) else "torch"
        model = session = None
        try:
            tokenizer = AutoTokenizer.from_pretrained(path)
            if backend == "torch":
                model = classifier_class(settings.format).from_pretrained(path, dtype="float32")
                config = model.config
                model.to(_torch_device(device))
            else:
                config = AutoConfig.from_pretrained(path)
        except Exception as err:  # safetensors, tokenizers and torch each raise their own types
            raise ModelFolderError(f"{path}: cannot load the model ({type(err).__name__}: {err})") from err
        labels = [config.id2label[i] for i in range(config.num_labels)]
        if labels != list(LABELS):
            raise ModelFolderError(f"{path}: its labels {labels} differ from this library's {list(LABELS)}")
        if backend == "onnx":
            from .export import onnx_file, onnx_session

            session = onnx_session(path)
        loaded = cls(model, tokenizer, settings, precision=precision, session=session)
        loaded.name = path.resolve().name
        if session is not None:
            loaded.onnx_path = onnx_file(path)
        return loaded

    @property
    def runtime(self) -> str:
        """What computes the scores: "onnx int8", "onnx fp32", "torch bf16" or "torch fp32"."""
        if self.session is not None:
            return "onnx int8" if self.onnx_path and ".int8." in self.onnx_path.name else "onnx fp32"
        return "torch bf16" if self.use_bf16 and self.model.device.type == "cpu" else "torch fp32"

    def save(self, path: str | os.PathLike, overwrite: bool = False) -> Path:
        """Write the model folder atomically: to a temporary folder, then renamed into place."""
        path = Path(path)
        if self.model is None:
            raise ValueError("a model loaded with backend='onnx' cannot be saved; load it with backend='torch'")
        if path.exists() and not overwrite:
            raise FileExistsError(f"{path} exists; pass overwrite=True to replace it")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        tmp.chmod(0o755)
        try:
            self.settings.version = __version__
            setattr(self.model.config, CONFIG_KEY, self.settings.to_dict())
            self.model.config.id2label = dict(enumerate(LABELS))
            self.model.config.label2id = {label: i for i, label in enumerate(LABELS)}
            self.model.save_pretrained(tmp)
            self.tokenizer.save_pretrained(tmp)
            mode = new_file_mode()  # transformers writes some files 0600; a model is meant to be read
            for written in tmp.rglob("*"):
                if written.is_file():
                    written.chmod(mode)
            old = None
            if path.exists():
                old = path.with_name(f".{path.name}.old-{os.getpid()}")
                path.rename(old)
            tmp.rename(path)
            if old is not None:
                shutil.rmtree(old)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return path

    # -- prediction ---------------------------------------------------------------------
    def predict(self, text, actor, span=None, batch_size: int = 32):
        """Stance toward ``actor`` in ``text``: a Prediction, or a list for a list of texts.

        With a list of texts, ``actor`` is a list of the same length or one str for all,
        and ``span`` is None or a list with one (start, end) or None per text.
        """
        if isinstance(text, str):
            if not isinstance(actor, str):
                raise TypeError(f"with one text, actor must be a str, got {type(actor).__name__}")
            return self._predict_items([(text, actor, span)], batch_size)[0]
        if not isinstance(text, (list, tuple)):
            raise TypeError(f"text must be a str or a list of str, got {type(text).__name__}")
        n = len(text)
        actors = [actor] * n if isinstance(actor, str) else actor
        if not isinstance(actors, (list, tuple)):
            raise TypeError(f"actor must be a str or a list of str, got {type(actor).__name__}")
        if len(actors) != n:
            raise ValueError(f"got {n} texts but {len(actors)} actors")
        spans = [None] * n if span is None else span
        if not isinstance(spans, (list, tuple)) or len(spans) != n:
            raise ValueError(f"with {n} texts, span must be None or a list of {n} spans")
        return self._predict_items(list(zip(text, actors, spans)), batch_size)

    def _predict_items(self, items, batch_size: int) -> list[Prediction]:
        located = []
        for i, (text, actor, span) in enumerate(items):
            try:
                start, end = find_mention(text, actor, span, aliases=functools.partial(known_names, actor))
            except (TypeError, ValueError) as err:
                raise type(err)(f"item {i}: {err}" if len(items) > 1 else str(err)) from None
            located.append((text, actor, start, end))
        probs = self.predict_proba([(t, s, e) for t, _, s, e in located], batch_size)
        out = []
        for (text, actor, start, end), p in zip(located, probs):
            best = max(range(len(LABELS)), key=p.__getitem__)
            out.append(Prediction(label=LABELS[best], score=float(p[best]),
                                  scores={label: float(p[j]) for j, label in enumerate(LABELS)},
                                  actor=actor, mention=text[start:end], start=start, end=end))
        return out

    def predict_proba(self, mentions: Sequence[tuple], batch_size: int = 32) -> list[list[float]]:
        """Label probabilities (in LABELS order) for (text, start, end) mentions, in input order;
        a relation model takes (text, start, end, source_start, source_end)."""
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
        with self._lock:
            encoded = [self._encode(m) for m in mentions]
        return self.predict_encoded(encoded, batch_size)

    def _encode(self, mention: tuple) -> dict:
        if len(mention) == 5:
            return self.encoder.encode_relation(*mention)
        if self.settings.format.relation:
            raise ValueError("a relation model needs the source mention too: (text, start, end, source_start, source_end)")
        return self.encoder.encode(*mention)

    def predict_encoded(self, encoded: list[dict], batch_size: int = 32) -> list[list[float]]:
        """Probabilities for inputs from ``self.encoder.encode``, in input order: the softmax of
        the logits divided by the model's temperature (``settings.temperature``)."""
        import torch

        logits = torch.tensor(self.logits_encoded(encoded, batch_size))
        return torch.softmax(logits / self.settings.temperature, dim=-1).tolist() if encoded else []

    def predict_logits(self, mentions: Sequence[tuple], batch_size: int = 32) -> list[list[float]]:
        """Raw logits (LABELS order, no temperature) for mentions as in predict_proba, in input order."""
        with self._lock:
            encoded = [self._encode(m) for m in mentions]
        return self.logits_encoded(encoded, batch_size)

    def logits_encoded(self, encoded: list[dict], batch_size: int = 32) -> list[list[float]]:
        """Logits for encoded inputs, in input order; batches are sorted by length and padded
        per batch."""
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]["input_ids"]))
        result: list = [None] * len(encoded)
        for lo in range(0, len(order), batch_size):
            chunk = order[lo:lo + batch_size]
            batch = pad_batch([encoded[i] for i in chunk], self.tokenizer.pad_token_id or 0)
            for i, row in zip(chunk, self._logits(batch).tolist()):
                result[i] = row
        return result

    def _logits(self, batch: dict):
        import torch

        marker_index = batch.pop("marker_index", None)
        if self.session is not None:
            names = {i.name for i in self.session.get_inputs()}
            feeds = {k: v.numpy() for k, v in batch.items() if k in names}
            logits = torch.from_numpy(self.session.run(["logits"], feeds)[0]).float()
        else:
            device = self.model.device
            batch = {k: v.to(device) for k, v in batch.items()}
            bf16 = self.use_bf16 and device.type == "cpu"
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                logits = self.model(**batch).logits.float().cpu()
        return logits if marker_index is None else marker_logits(logits, marker_index)


def _torch_device(device: str):
    import torch

    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        return torch.device(device)
    except RuntimeError as err:
        raise ValueError(f"device must be 'cpu', 'cuda', 'cuda:N' or 'auto', got {device!r}") from err


def onnx_available(path: Path) -> bool:
    """True when the folder has an ONNX copy and onnxruntime can be imported."""
    from importlib.util import find_spec

    from .export import onnx_file

    return onnx_file(Path(path)) is not None and find_spec("onnxruntime") is not None


def classifier_class(fmt):
    """The transformers Auto class of a model with this input format: a sequence classifier,
    or with marker pooling a token classifier whose logits are read at the marker."""
    from transformers import AutoModelForSequenceClassification, AutoModelForTokenClassification

    return AutoModelForTokenClassification if fmt.pooling == "marker" else AutoModelForSequenceClassification


def marker_logits(logits, marker_index):
    """Each row's token logits (batch x tokens x labels) at its marker: batch x labels."""
    import torch

    marker_index = marker_index.to(logits.device)
    return logits[torch.arange(logits.shape[0], device=logits.device), marker_index]


def pad_batch(rows: list[dict], pad_id: int) -> dict:
    """Right-pad encoded rows to the longest one and add the attention mask (torch tensors);
    rows' "marker_index" (marker pooling) becomes one tensor."""
    import torch

    width = max(len(r["input_ids"]) for r in rows)
    batch = {"input_ids": torch.full((len(rows), width), pad_id, dtype=torch.long),
             "attention_mask": torch.zeros((len(rows), width), dtype=torch.long)}
    if "token_type_ids" in rows[0]:
        batch["token_type_ids"] = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        n = len(r["input_ids"])
        batch["input_ids"][i, :n] = torch.tensor(r["input_ids"])
        batch["attention_mask"][i, :n] = 1
        if "token_type_ids" in batch:
            batch["token_type_ids"][i, :n] = torch.tensor(r["token_type_ids"])
    if "marker_index" in rows[0]:
        batch["marker_index"] = torch.tensor([r["marker_index"] for r in rows], dtype=torch.long)
    return batch


def read_settings(path: Path) -> ModelSettings:
    """Read and check the ``stance`` settings of a model folder's config.json."""
    if not path.is_dir():
        raise ModelFolderError(f"{path}: no such model folder")
    config_file = path / "config.json"
    if not config_file.is_file():
        raise ModelFolderError(f"{path}: not a model folder (no config.json)")
    try:
        config = json.loads(config_file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise ModelFolderError(f"{config_file}: not valid JSON ({err})") from err
    if CONFIG_KEY not in config:
        raise ModelFolderError(f"{path}: not a stance model (config.json has no {CONFIG_KEY!r} settings); "
                               "to fine-tune a base encoder, use it as base_model in `stance train`")
    try:
        settings = ModelSettings.from_dict(config[CONFIG_KEY])
    except (TypeError, ValueError) as err:
        raise ModelFolderError(f"{config_file}: bad {CONFIG_KEY!r} settings ({err})") from err
    if list(settings.labels) != list(LABELS):
        raise ModelFolderError(f"{path}: its label map {list(settings.labels)} differs from this "
                               f"library's {list(LABELS)}")
    if settings.version and version_tuple(settings.version) > version_tuple(__version__):
        warnings.warn(f"{path} was saved by stance {settings.version}, newer than this "
                      f"stance {__version__}; upgrade if it misbehaves", stacklevel=3)
    return settings
