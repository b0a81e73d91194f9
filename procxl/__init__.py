"""procxl: a company's process model in Excel, checked and turned into people documents."""

__version__ = "0.1.0"
