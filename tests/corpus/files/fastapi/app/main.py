import os
from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI(title="inventory", debug=True)
app.add_middleware(SessionMiddleware, secret_key=os.environ["SESSION_KEY"])


@app.get("/items/{item_id}")
async def read_item(item_id: int):
    return {"item_id": item_id}
