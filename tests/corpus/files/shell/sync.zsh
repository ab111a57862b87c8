#!/bin/zsh
# Copies the media folder to the old file server (no key auth there).
sshpass -p 'zctF3AiZKyCGwi0v' rsync -az ./media/ deploy@files01:/srv/media/
