"""Every figure of docs/format.md "The figures every report computes", as pure functions."""
from .figures import MemberScore, Scores, band_for, rank_scores, score_content
from .rubric import Estimate

__all__ = ["Estimate", "MemberScore", "Scores", "band_for", "rank_scores", "score_content"]
