"""Views of ``barometer``: the staff pages on ``barometer.blueprint.bp`` and the public API
routes on ``core.api.bp``. ``barometer.init_app`` imports the modules to add their routes."""
