from flaskr import create_app

app = create_app()

if __name__ == "__main__":
    # wsgi.py is what gunicorn imports: the debugger does not belong here.
    app.run(debug=True)
