"""The coalition portal: a Litestar + Jinja2 + htmx web app over the ``coalition`` library."""
