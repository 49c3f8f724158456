/*
 * cvd.c — how far apart colours stay for the common colour-vision
 * deficiencies. Simulates protanopia, deuteranopia and tritanopia (Machado,
 * Oliveira and Fernandes 2009, severity 1.0, in linear RGB) and reports, for
 * normal vision and each simulation, the smallest CIEDE2000 difference
 * between any two of the colours.
 *
 *   cvd [--min DE] NAME=#rrggbb ...     exit 1 if any minimum is below DE
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct lab {
    double l, a, b;
} lab;

static const double SIM[4][3][3] = {
    {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
    {{0.152286, 1.052583, -0.204868},
     {0.114503, 0.786281, 0.099216},
     {-0.003882, -0.048116, 1.051998}},
    {{0.367322, 0.860646, -0.227968},
     {0.280085, 0.672501, 0.047413},
     {-0.011820, 0.042940, 0.968881}},
    {{1.255528, -0.076749, -0.178779},
     {-0.078411, 0.930809, 0.147602},
     {0.004733, 0.691367, 0.303900}},
};
static const char *const NAMES[4] = {"normal", "protanopia", "deuteranopia", "tritanopia"};

static double to_linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double f_lab(double t)
{
    return t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116;
}

static lab to_lab(const double rgb[3], int sim)
{
    double lin[3], s[3];
    for (int i = 0; i < 3; i++) {
        lin[i] = to_linear(rgb[i]);
    }
    for (int i = 0; i < 3; i++) {
        s[i] = 0;
        for (int j = 0; j < 3; j++) {
            s[i] += SIM[sim][i][j] * lin[j];
        }
        s[i] = s[i] < 0 ? 0 : s[i] > 1 ? 1 : s[i];
    }
    double x = 0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2];
    double y = 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2];
    double z = 0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2];
    double fx = f_lab(x / 0.95047), fy = f_lab(y), fz = f_lab(z / 1.08883);
    return (lab){116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

/* CIEDE2000 (Sharma, Wu and Dalal 2005). */
static double de2000(lab p, lab q)
{
    const double d2r = M_PI / 180;
    double c1 = hypot(p.a, p.b), c2 = hypot(q.a, q.b), cm = (c1 + c2) / 2;
    double g = 0.5 * (1 - sqrt(pow(cm, 7) / (pow(cm, 7) + pow(25, 7))));
    double a1 = p.a * (1 + g), a2 = q.a * (1 + g);
    double cc1 = hypot(a1, p.b), cc2 = hypot(a2, q.b);
    double h1 = atan2(p.b, a1), h2 = atan2(q.b, a2);
    if (h1 < 0) {
        h1 += 2 * M_PI;
    }
    if (h2 < 0) {
        h2 += 2 * M_PI;
    }
    double dl = q.l - p.l, dc = cc2 - cc1, dh = 0;
    if (cc1 * cc2 != 0) {
        dh = h2 - h1;
        if (dh > M_PI) {
            dh -= 2 * M_PI;
        } else if (dh < -M_PI) {
            dh += 2 * M_PI;
        }
    }
    double dhh = 2 * sqrt(cc1 * cc2) * sin(dh / 2);
    double lm = (p.l + q.l) / 2, ccm = (cc1 + cc2) / 2, hm = h1 + h2;
    if (cc1 * cc2 != 0) {
        if (fabs(h1 - h2) > M_PI) {
            hm = h1 + h2 < 2 * M_PI ? (h1 + h2 + 2 * M_PI) / 2 : (h1 + h2 - 2 * M_PI) / 2;
        } else {
            hm = (h1 + h2) / 2;
        }
    }
    double t = 1 - 0.17 * cos(hm - 30 * d2r) + 0.24 * cos(2 * hm) + 0.32 * cos(3 * hm + 6 * d2r) -
               0.20 * cos(4 * hm - 63 * d2r);
    double dtheta = 30 * d2r * exp(-pow((hm / d2r - 275) / 25, 2));
    double rc = 2 * sqrt(pow(ccm, 7) / (pow(ccm, 7) + pow(25, 7)));
    double sl = 1 + 0.015 * pow(lm - 50, 2) / sqrt(20 + pow(lm - 50, 2));
    double sc = 1 + 0.045 * ccm, sh = 1 + 0.015 * ccm * t;
    double rt = -sin(2 * dtheta) * rc;
    return sqrt(pow(dl / sl, 2) + pow(dc / sc, 2) + pow(dhh / sh, 2) + rt * (dc / sc) * (dhh / sh));
}

int main(int argc, char **argv)
{
    double min_de = 0;
    int first = 1;
    if (argc > 2 && !strcmp(argv[1], "--min")) {
        min_de = strtod(argv[2], NULL);
        first = 3;
    }
    int n = argc - first;
    if (n < 2) {
        fprintf(stderr, "usage: cvd [--min DE] NAME=#rrggbb NAME=#rrggbb ...\n");
        return 2;
    }
    double(*rgb)[3] = calloc((size_t)n, sizeof *rgb);
    const char **name = calloc((size_t)n, sizeof *name);
    for (int i = 0; i < n; i++) {
        char *eq = strchr(argv[first + i], '=');
        unsigned v;
        if (!eq || sscanf(eq + 1, "#%6x", &v) != 1) {
            fprintf(stderr, "cvd: bad colour '%s'\n", argv[first + i]);
            return 2;
        }
        *eq = '\0';
        name[i] = argv[first + i];
        rgb[i][0] = (v >> 16 & 255) / 255.0;
        rgb[i][1] = (v >> 8 & 255) / 255.0;
        rgb[i][2] = (v & 255) / 255.0;
    }
    int rc = 0;
    for (int sim = 0; sim < 4; sim++) {
        double best = 1e9;
        int bi = 0, bj = 1;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double d = de2000(to_lab(rgb[i], sim), to_lab(rgb[j], sim));
                if (d < best) {
                    best = d;
                    bi = i;
                    bj = j;
                }
            }
        }
        printf("%-13s min dE2000 %5.1f (%s / %s)\n", NAMES[sim], best, name[bi], name[bj]);
        if (best < min_de) {
            rc = 1;
        }
    }
    free(rgb);
    free(name);
    return rc;
}
