"""Schema migrations, one module per number (see ``storage/_migrate.py``)."""
