import sys; from stage_base import serve; sys.exit(serve(line_limit=1 << 20))
