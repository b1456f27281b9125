"""stance: is a news sentence supportive, critical or neutral toward each actor it names?"""

from .analyze import ActorStance, ArticleReport, Evidence, analyze
from .api import default_model_path, load, predict, predict_frame
from .corpus import analyze_corpus
from .data import DataError
from .encoding import InputFormat
from .labels import LABELS
from .model import ModelFolderError, StanceModel
from .prediction import Prediction
from .version import __version__

__all__ = ["LABELS", "ActorStance", "ArticleReport", "DataError", "Evidence", "InputFormat", "ModelFolderError", "Prediction", "StanceModel",
           "__version__", "analyze", "analyze_corpus", "default_model_path", "load", "predict", "predict_frame"]
