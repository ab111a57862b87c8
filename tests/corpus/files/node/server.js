const express = require('express');
const session = require('express-session');
const cookieParser = require('cookie-parser');
const jwt = require('jsonwebtoken');

const app = express();
app.use(cookieParser(process.env.COOKIE_SECRET || 'fallback-cookie-secret'));
app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: true }));

app.post('/login', (req, res) => {
  const token = jwt.sign({ id: req.user.id }, process.env.JWT_SECRET, { expiresIn: '1h' });
  res.json({ token });
});

app.listen(3000);
