"""The round's final report: one set of figures (``data``) written as JSON, CSV and HTML.

Built from what this service stores, so anyone can fetch it; it is final once the evaluation
has closed, because nothing it is built from may change after that.
"""
