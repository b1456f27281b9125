"""stance: is a news sentence supportive, critical or neutral toward each actor it names?"""

from .api import default_model_path, load, predict
from .data import DataError
from .encoding import InputFormat
from .labels import LABELS
from .model import ModelFolderError, StanceModel
from .prediction import Prediction
from .version import __version__

__all__ = ["LABELS", "DataError", "InputFormat", "ModelFolderError", "Prediction", "StanceModel",
           "__version__", "default_model_path", "load", "predict"]
