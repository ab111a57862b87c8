from flaskr import create_app

app = create_app()

if __name__ == "__main__":
    # Only `python wsgi.py` gets here; gunicorn imports the module and never does.
    app.run(debug=True)
