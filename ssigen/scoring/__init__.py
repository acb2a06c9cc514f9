"""Every figure of FORMAT.md "The figures every report computes", as pure functions."""
from .figures import MemberScore, Scores, band_for, rank_scores, score_content

__all__ = ["MemberScore", "Scores", "band_for", "rank_scores", "score_content"]
