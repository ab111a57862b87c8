import os
from flask import Flask

app = Flask(__name__)
app.secret_key = "7boFJTnAYVIhZM5yDoNcQiZ0"


class Config:
    TESTING = False


class DevelopmentConfig(Config):
    DEBUG = True


class ProductionConfig(Config):
    SQLALCHEMY_ECHO = False
    DEBUG = True


@app.route("/")
def index():
    return "ok"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, debug=True)
