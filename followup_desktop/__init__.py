"""FollowUp: the follow-up desk of a sales rep."""

__version__ = "0.1.0"
