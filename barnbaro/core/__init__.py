"""The shared core every layer may read: the data model `CleanData` and its loading and checks
(data, validate), the catalogue of questions, the municipalities, the published national
figures, interface strings and number formats (i18n), text normalisation, where the data lives
(paths) and the atomic publisher of a folder of tables (atomic). It imports no other layer."""
