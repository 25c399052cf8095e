"""The returns app's pages, one module per journey: entry (officers' data
entry), publishing (the queue, sending back, corrections, commentary),
targets, and uploads (/imports/: returns and benchmark files, and their
jobs)."""
