"""Every figure of FORMAT.md "The figures every report computes", as pure functions."""
from .figures import MemberScore, Scores, band_for, rank_scores, score_content
from .rubric import Estimate, Rubric

__all__ = ["Estimate", "MemberScore", "Rubric", "Scores", "band_for", "rank_scores",
           "score_content"]
