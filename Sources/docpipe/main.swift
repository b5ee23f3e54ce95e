print("docpipe")
