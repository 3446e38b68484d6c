import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from config.chunked_bodies import ChunkedBodies  # noqa: E402 - needs the settings configured above

application = ChunkedBodies(application)
