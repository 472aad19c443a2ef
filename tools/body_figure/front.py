"""Front view: regions and details of the patient's right half (the writer mirrors them).

Region specs are read by ``Sheet.loop``: corners in order around the region; a list after a
corner gives the via points of the edge to the next corner (``[]`` is a straight edge); between
two named corners without a list the edge is the run of the one chain that holds both, so two
neighbours built on the same chain share exactly the same edge.
"""

from __future__ import annotations

from .geometry import PointSpec, Ref
from .landmarks import MIDDLE_DELTOID

POINTS: dict[str, PointSpec] = {
    # neck
    "scm_low_out": (15.5, 186),
    "sc_split_low": (29, 186.5),
    "sc_lat_low": (41, 187.5),
    # chest and shoulder
    "pec_top_out": (74, 198.5),
    "ad_pec_low": (78, 226),
    "pec_med_low": (2, 254),
    "sa_med": (50, 255.5),
    "ra_top_out": (25, 262),
    "ra_low": (2, 441),
    "sa_low": (47, 290),
    # upper arm
    "cb_low": ("uarm", 0.48, -6),
    "br_low": ("uarm", 0.88, 3),
    # forearm
    "br_top_in": ("farm", 0.06, 5),
    "pt_low": ("farm", 0.42, 4.5),
    "fcr_out_low": ("farm", 0.62, 5),
    "br_tip": ("farm", 0.8, 6),
    "fcu_top": ("farm", 0.06, -7.5),
    "pt_med": ("farm", 0.22, -6.5),
    "fcr_in_low": ("farm", 0.62, -5),
    "fcu_low": ("farm", 0.9, -3.5),
    # abdomen, hip and thigh
    "eo_low_in": (17, 410),
    "asis": (59, 390),
    "sar_top_med": (51, 398),
    "tfl_in_low": (60, 470),
    "sar3": (38.5, 516),
    "sar_vm_low": (24, 594),
    "sar_end": (21, 612),
    "rf_low": (36, 592),
    "al_top": (11, 447),
    "sar_al": (29.5, 507),
    "gr_top": (6, 463),
    # leg
    "ta_top_in": ("leg", 0.1, -8.5),
    "ta_top_out": ("leg", 0.1, 3),
    "ta_tip": ("leg", 0.76, -2.5),
    "edl_top": ("leg", 0.1, 13),
    "fl_fb_in": ("leg", 0.45, 11),
    "edl_low": ("leg", 0.9, 4.5),
    "edl_low_in": ("leg", 0.9, -3.5),
}

CHAINS: dict[str, list[Ref]] = {
    # neck
    "e_scm_lat": ["neck_mid", (21, 171), "scm_low_out"],
    "e_scalenes": ["neck_base", (28.5, 177), "sc_split_low"],
    # chest
    "e_pec_lat": ["pec_top_out", (77, 212), "ad_pec_low", "axilla"],
    "e_pec_low": ["axilla", (60, 251), "sa_med", (38, 260.5), "ra_top_out", (12, 259),
                  "pec_med_low"],
    "e_delt_low": ["ad_pec_low", ("uarm", 0.3, -2.5), "delt_ins"],
    "e_cb": ["ad_pec_low", ("uarm", 0.33, -5.5), "cb_low"],
    "e_bi_br": ["delt_ins", ("uarm", 0.65, 6), "br_low"],
    "e_sa_med": ["sa_med", (44.5, 262.5), (49.5, 269), (44, 276), (49, 283), "sa_low"],
    "e_sa_eo": ["sa_low", (56, 294), "ribs_side"],
    "e_ra_lat": ["ra_top_out", (27, 300), (25, 355), "eo_low_in", (9, 436), "ra_low"],
    "e_ing": ["asis", "sar_top_med", (33, 406), "eo_low_in"],
    # forearm
    "e_br_med": ["br_top_in", ("farm", 0.25, 3.5), "pt_low", "fcr_out_low", "br_tip"],
    "e_fcu": ["fcu_top", "pt_med", ("farm", 0.45, -6), "fcr_in_low", "fcu_low"],
    "e_pt_low": ["pt_low", ("farm", 0.32, -1), "pt_med"],
    "e_fcr_low": ["fcr_out_low", ("farm", 0.63, 0), "fcr_in_low"],
    # thigh
    "e_sar_lat": ["asis", (54.5, 425), (48, 468), "sar3", (31, 560), "sar_vm_low", "sar_end"],
    "e_sar_med": ["sar_top_med", (44.5, 432), "sar_al", (23, 545), (17, 580), "knee_in_hi"],
    "e_rf_lat": ["asis", (58, 435), "tfl_in_low", (56, 520), (49, 562), "rf_low"],
    "e_vm_rf": ["sar3", (39.5, 560), "rf_low"],
    "e_al_lat": ["al_top", (22, 472), "sar_al"],
    "e_gr_al": ["sar_al", (16, 488), "gr_top"],
    # leg
    "e_ta_med": ["ta_top_in", ("leg", 0.45, -9), "ta_tip"],
    "e_ta_edl": ["ta_top_out", ("leg", 0.45, 2.5), "ta_tip"],
    "e_edl_fib": ["edl_top", ("leg", 0.3, 13), "fl_fb_in", ("leg", 0.7, 7), "edl_low"],
}

MID_LINE = "mid line"
DETAILS: list[tuple[str, list[Ref]]] = [
    # face: eyes, brows, nose, mouth, jaw line, ear
    ("loop", [(9, 97), (14.5, 94.5), (21, 97), (14.5, 99)]),
    ("line", [(7.5, 89.5), (15, 87.5), (23, 89)]),
    (MID_LINE, [(-3, 101), (-5, 114), (-7.5, 117.5), (-3, 119.5), (0, 118.5), (3, 119.5),
                (7.5, 117.5), (5, 114), (3, 101)]),
    ("line", [(1.5, 128.5), (6, 128), (11, 126.5)]),
    ("line", [(34.5, 128), (26, 139), (13, 145.5), (0, 147)]),
    ("line", [(41.5, 104), (43, 111), (41.5, 119)]),
    # collarbones, sternum, navel
    ("line", [(5, 188), (28, 188.3), (50, 189.5), (82, 195)]),
    (MID_LINE, [(0, 372), (2.2, 374.5), (0, 377), (-2.2, 374.5), (0, 372)]),
    # elbow crease, wrist, fingers
    ("line", [("uarm", 0.93, -9), ("uarm", 0.95, 0), ("uarm", 0.93, 9)]),
    ("line", [("farm", 0.97, -8), ("farm", 0.98, 0), ("farm", 0.97, 8)]),
    ("line", [("hand", 0.62, 4.5), ("hand", 0.86, 3.3)]),
    ("line", [("hand", 0.6, -1), ("hand", 0.9, -1)]),
    ("line", [("hand", 0.58, -6), ("hand", 0.85, -5.5)]),
    # kneecap and shin
    ("loop", [(33, 599), (41, 607), (40, 619), (33, 625), (26, 619), (25, 607)]),
    ("line", [("leg", 0.12, -11), ("leg", 0.5, -11.5), ("leg", 0.85, -7.5)]),
    # toes
    ("line", [(30, 847), (30.5, 858)]),
    ("line", [(38, 847), (38.5, 860)]),
]

REGIONS: dict[str, list[Ref | list[Ref]]] = {
    # head
    "frontalis": [(1.5, 57.5), [(13, 54.8)], (25, 60), [(24, 72)], (25, 83), [(13, 85.5)],
                  (1.5, 84.5), []],
    "temporalis": [(27.5, 61.5), [], "crown_side", "head_side", "temple_low", [(34.5, 96.5)],
                   (28.5, 91), [(26.7, 76)]],
    "masseter": [(27, 108.5), [(33, 107)], (38.2, 110.5), [(38.8, 118)], "ear_bottom",
                 "jaw_angle", [(30, 135.5)], (25.5, 131), [(25, 120)]],
    # neck
    "sternocleidomastoid": ["jaw_low", "neck_mid", "scm_low_out", [], (4.5, 186.5),
                            [(11, 168)], (24, 144.5), []],
    "anterior_scalene": ["neck_mid", "neck_base", "sc_split_low", [(22, 186.8)], "scm_low_out"],
    "middle_scalene": ["neck_base", "sc_lat", [(41.5, 181)], "sc_lat_low", [(35, 187)],
                       "sc_split_low"],
    # chest and shoulder
    "pectoralis_major": [(3.5, 191), [(40, 191.5)], "pec_top_out", "axilla", "pec_med_low", []],
    "anterior_deltoid": ["pec_top_out", [(81, 194.5)], "delt_cap", [("uarm", 0.2, 10.5)],
                         "delt_ins", "ad_pec_low"],
    "middle_deltoid": MIDDLE_DELTOID,
    "serratus_anterior": ["axilla", "ribs_side", "sa_low", "sa_med"],
    # upper arm
    "coracobrachialis": ["axilla", "arm_in_mid", [("uarm", 0.47, -12)], "cb_low", "ad_pec_low"],
    "biceps_brachii": ["ad_pec_low", "delt_ins", "br_low", [("uarm", 0.9, -4)],
                       ("uarm", 0.82, -12), [("uarm", 0.62, -11)], "cb_low"],
    "brachialis": ["delt_ins", [("uarm", 0.44, 13.5)], "delt_low", "arm_out_low",
                   [("uarm", 0.9, 10)], "br_low"],
    # forearm (palm forwards: the flexors face the viewer)
    "brachioradialis": ["elbow_out", "fa_out3", [], "br_tip", "br_top_in", [("uarm", 1.03, 10)]],
    "pronator_teres": ["fcu_top", [], "br_top_in", "pt_low", "pt_med"],
    "flexor_carpi_radialis": ["pt_med", "pt_low", "fcr_out_low", "fcr_in_low"],
    "flexor_digitorum_superficialis": ["fcr_in_low", "fcr_out_low", "br_tip", [], "fa_out3",
                                       "fa_out4", [], "fcu_low"],
    "flexor_carpi_ulnaris": ["fcu_top", "fcu_low", [], "fa_in4", "fa_in1", []],
    "adductor_pollicis": [("hand", 0.17, -0.5), [], ("hand", 0.17, 9.5), [("hand", 0.3, 11.5)],
                          ("hand", 0.42, 8.3), [], ("hand", 0.45, -0.5), []],
    # trunk
    "rectus_abdominis": ["pec_med_low", "ra_top_out", "ra_low", []],
    "external_oblique": ["ra_top_out", "eo_low_in", "asis", [], "iliac_side", "ribs_side",
                         "sa_low", "sa_med"],
    # hip and thigh
    "tensor_fasciae_latae": ["asis", [], "iliac_side", "thigh_out1", [(65, 473)], "tfl_in_low"],
    "sartorius": ["asis", "sar_end", [], "knee_in", "knee_in_hi", "sar_top_med"],
    "rectus_femoris": ["asis", "sar3", "rf_low"],
    "vastus_lateralis": ["tfl_in_low", [(65, 473)], "thigh_out1", "thigh_out4", [(47, 597)],
                         "rf_low"],
    "vastus_medialis": ["sar3", "sar_vm_low", [(30, 601)], "rf_low"],
    "adductor_longus": ["al_top", "sar_al", "gr_top", []],
    "gracilis": ["gr_top", [], "thigh_in1", "knee_in_hi", "sar_al"],
    # leg and foot
    "tibialis_anterior": ["ta_top_in", [("leg", 0.085, -2.5)], "ta_top_out", "ta_tip"],
    "extensor_digitorum_longus": ["ta_top_out", [("leg", 0.09, 8)], "edl_top", "edl_low", [],
                                  "edl_low_in", [("leg", 0.82, -3.5)], "ta_tip"],
    "fibularis_longus": ["edl_top", [("leg", 0.097, 16.5)], "leg_out1", "leg_out3", [], "fl_fb_in"],
    "fibularis_brevis": ["fl_fb_in", [], "leg_out3", "fb_low_out", [], "edl_low"],
    "abductor_hallucis": ["ah_top", "foot_in", [(24, 846.5)], (31, 844), [(31.5, 829)],
                          (28, 816), []],
}
