import io

from PIL import Image


def tiny_png(size: tuple[int, int] = (8, 8), color: str = "teal") -> bytes:
    """A valid PNG image, made in memory."""
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, format="PNG")
    return output.getvalue()
