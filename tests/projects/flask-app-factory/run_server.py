import os

from flaskr import create_app

app = create_app()

if __name__ == '__main__':
    port = int(os.environ.get('PORT', 5000))
    # Bound to every interface with the debugger: anyone on the network runs code.
    app.run(host='0.0.0.0', port=port, debug=True)
