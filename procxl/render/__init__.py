"""Documents from the model: render contexts, Word templates, vacancy texts, file layout."""
