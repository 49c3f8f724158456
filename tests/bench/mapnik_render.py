"""Renders tests/bench/reference-mapnik.xml with python3-mapnik (make bench).

    python3 mapnik_render.py STYLE.xml OUT.(png|svg) [N]

Loads the style and draws the map N times (default 1) in this process, then
prints one line: the mean milliseconds per map of the N draws, split into
drawing and encoding ("draw_ms=.. encode_ms=.. per_map_ms=.."). SVG goes
through Mapnik's cairo renderer. The extent is malimap's view of the bundled
bounds (see the XML's comment)."""
import os
import sys
import time

import mapnik

EXTENT = (-1164600.658, -851305.522, 1164600.658, 895595.465)
WIDTH, HEIGHT = 1600, 1200


def main():
    style, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    mapnik.register_fonts("/usr/share/fonts/truetype/noto")
    m = mapnik.Map(WIDTH, HEIGHT)
    mapnik.load_map(m, style, True)
    m.zoom_to_box(mapnik.Box2d(*EXTENT))
    draw = enc = 0.0
    for _ in range(n):
        t0 = time.perf_counter()
        if out.endswith(".svg"):
            import cairo
            surface = cairo.SVGSurface(out + ".tmp", WIDTH, HEIGHT)
            mapnik.render(m, surface)
            t1 = time.perf_counter()
            surface.finish()
        else:
            im = mapnik.Image(WIDTH, HEIGHT)
            mapnik.render(m, im)
            t1 = time.perf_counter()
            im.save(out + ".tmp", "png")
        t2 = time.perf_counter()
        draw += t1 - t0
        enc += t2 - t1
    os.replace(out + ".tmp", out)
    print("draw_ms=%.2f encode_ms=%.2f per_map_ms=%.2f"
          % (draw * 1e3 / n, enc * 1e3 / n, (draw + enc) * 1e3 / n))


if __name__ == "__main__":
    main()
