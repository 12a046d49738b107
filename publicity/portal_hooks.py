"""The public portal's sections, registered in core so that apps above publicity can add theirs."""


def register():
    pass
