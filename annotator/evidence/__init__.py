"""Evidence assistant (no Qt): sentence passages of every library document, BM25 ranking of
the passages that may settle a claim, a calibrated "no close match" flag, conflict hints, and
check-worthy sentence suggestions. Heavy libraries (sentencex, PyStemmer, bm25s, numpy,
onnxruntime) are imported inside the functions that need them, never at package import."""
