"""What this part of meetings registers in core: navigation, queues, deadlines, demo."""


def register():
    pass
