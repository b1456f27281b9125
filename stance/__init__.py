"""stance: is a news sentence supportive, critical or neutral toward each actor it names?"""

from .analyze import ActorStance, ArticleReport, Evidence, analyze
from .article_relations import ActorRelation, RelationEvidence
from .api import default_model_path, load, predict, predict_frame
from .corpus import analyze_corpus
from .data import DataError
from .encoding import InputFormat
from .labels import LABELS
from .model import ModelFolderError, StanceModel
from .prediction import Prediction
from .relations import AUTHOR, Relation, load_relations, predict_relation
from .version import __version__

__all__ = ["AUTHOR", "LABELS", "ActorRelation", "ActorStance", "ArticleReport", "DataError", "Evidence", "InputFormat", "ModelFolderError", "Prediction", "Relation", "RelationEvidence", "StanceModel",
           "__version__", "analyze", "analyze_corpus", "default_model_path", "load", "load_relations", "predict", "predict_frame",
           "predict_relation"]
