# Reports are made on request from the data of the other apps and are never stored.
