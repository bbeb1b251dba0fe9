"""tripplan: plan official trips across time zones."""

__version__ = "0.1.0"
