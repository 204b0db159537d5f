"""Views of ``hearing``: the pages on ``hearing.blueprint.bp`` and the public API routes on
``core.api.bp``. ``hearing.init_app`` imports the modules to add their routes."""
