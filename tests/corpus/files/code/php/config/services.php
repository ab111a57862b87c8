<?php

return [
    'billing' => [
        'username' => 'shop',
        'password' => 'd7MgN0Qj0KXJmp0pRSBc',
    ],
    'KERNEL_SECRET_FILE' => '/srv/config/secrets/kernel_secret',
];
