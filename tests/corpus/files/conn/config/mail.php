<?php

return [
    'default' => 'smtp',
    'dsn' => 'smtps://mailer:w3UOo2MVNnFK2w1Xew@smtp.internal:465',
];
