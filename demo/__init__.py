"""Ji County's demo data, one module per app: loaded by `manage.py load_demo` and imported by no app.

`demo.loaders.LOADERS` lists the loaders in the order they run. Every loader takes the command's
stdout, writes one summary line and is idempotent: it finds rows by their natural key and updates them.
"""
