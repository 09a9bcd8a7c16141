"""An index of a deck's parts, so adding a slide, a notes page or a picture does not visit them all.

python-pptx finds a free part name (for a notes page, an image) and looks for an equal image already
in the deck by walking every relationship of every part, each time it adds one: with hundreds of
slides that is quadratic (at 300 chart slides, two thirds of the deck's time). `index_parts` reads the
package once and then keeps the names and the images' hashes up to date as parts are handed out. It
gives the same names python-pptx would (same rules: the highest free number up to count + 1 for a
part, the lowest free number for an image), so the file is byte for byte the same.

It holds while nothing is removed from the package once the index exists (index a deck after its
master's own slides are dropped, before building), for the names python-pptx finds this way: notes
pages, pictures, charts and their workbooks; slides it names by their count, without searching.
"""

from __future__ import annotations

from bisect import insort
from typing import IO

from pptx.opc.packuri import PackURI
from pptx.package import Package
from pptx.parts.image import Image, ImagePart

IMAGE_PREFIX = "/ppt/media/image"


class PartIndex:
    """Part names by prefix, image numbers and images by SHA-1, for one package."""

    def __init__(self, package: Package):
        self.package = package
        self.names: set[str] = set()
        self.counts: dict[str, int] = {}  # part names per prefix asked about so far
        self.image_numbers: list[int] = []  # sorted
        self.images: dict[str, ImagePart] = {}
        for part in package.iter_parts():
            self._add(part.partname)
            if isinstance(part, ImagePart):
                self.images.setdefault(part.sha1, part)

    def _add(self, partname: str) -> None:
        self.names.add(str(partname))
        for prefix in self.counts:
            self.counts[prefix] += partname.startswith(prefix)
        if partname.startswith(IMAGE_PREFIX) and PackURI(partname).idx is not None:
            insort(self.image_numbers, PackURI(partname).idx)

    def next_partname(self, tmpl: str) -> PackURI:
        """python-pptx's OpcPackage.next_partname, from the index."""
        prefix = tmpl[: (tmpl % 42).find("42")]
        if prefix not in self.counts:
            self.counts[prefix] = sum(1 for name in self.names if name.startswith(prefix))
        for n in range(self.counts[prefix] + 1, 0, -1):
            candidate = tmpl % n
            if candidate not in self.names:
                self._add(candidate)
                return PackURI(candidate)
        raise RuntimeError(f"no free part name for {tmpl}")  # pragma: no cover - as in python-pptx

    def next_image_partname(self, ext: str) -> PackURI:
        """python-pptx's Package.next_image_partname, from the index."""
        number = len(self.image_numbers) + 1
        for i, taken in enumerate(self.image_numbers):
            if i + 1 < taken:
                number = i + 1
                break
        partname = PackURI(f"{IMAGE_PREFIX}{number}.{ext}")
        self._add(partname)
        return partname

    def get_or_add_image_part(self, image_file: str | IO[bytes]) -> ImagePart:
        """The deck's image part holding this picture, added when the deck has none yet."""
        image = Image.from_file(image_file)
        part = self.images.get(image.sha1)
        if part is None:
            part = self.images[image.sha1] = ImagePart.new(self.package, image)
        return part


def index_parts(package: Package) -> PartIndex:
    """Make `package` find part names and equal images through an index from now on."""
    index = PartIndex(package)
    package.next_partname = index.next_partname  # instance attributes: this package only
    package.next_image_partname = index.next_image_partname
    package.__dict__["_image_parts"] = index  # where python-pptx keeps its lazily made image finder
    return index
