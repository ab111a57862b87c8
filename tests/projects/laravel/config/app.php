<?php

return [

    /*
    |--------------------------------------------------------------------------
    | Application Name
    |--------------------------------------------------------------------------
    */

    'name' => env('APP_NAME', 'Laravel'),

    'env' => env('APP_ENV', 'production'),

    // Not a finding: the framework default, off when APP_DEBUG is missing.
    'debug' => (bool) env('APP_DEBUG', false),

    'url' => env('APP_URL', 'http://localhost'),

    'timezone' => 'UTC',

    'locale' => 'en',

    'cipher' => 'AES-256-CBC',

    // A literal default: a server without APP_KEY encrypts with a key written here.
    'key' => env('APP_KEY', 'base64:7Yq2mVx9Lr4kTb8Nc1Pw6Hd3Zs5Gf0JeQa2Uo9Ri4Xk='),

    'previous_keys' => [
        ...array_filter(
            explode(',', env('APP_PREVIOUS_KEYS', ''))
        ),
    ],

    'maintenance' => [
        'driver' => env('APP_MAINTENANCE_DRIVER', 'file'),
        'store' => env('APP_MAINTENANCE_STORE', 'database'),
    ],

];
