public import DocPipe
