"""Back view: regions and details of the patient's right half (the writer mirrors them).

Same conventions as ``front.py``. The paraspinal group terms are drawn as a strip beside the
spine (cervical, thoracic, lumbar, then lumbar multifidus over the sacrum); the trapezius,
rhomboids and scapular muscles lie lateral to it, the gluteal and hamstring groups below.
"""

from __future__ import annotations

from .geometry import PointSpec, Ref
from .landmarks import MIDDLE_DELTOID

POINTS: dict[str, PointSpec] = {
    # spine strip: the lateral edge of the paraspinal column at each level
    "nk_top": (12, 148),
    "nk_mid": (12.5, 173),
    "c7": (13, 206),
    "t4": (13.5, 234),
    "t5": (13.8, 250),
    "t8": (14.2, 288),
    "t12": (15, 330),
    "l5": (15.5, 398),
    "s2": (13, 432),
    # shoulder girdle
    "ls_low": (31, 199),
    "ut_ss_out": (76, 197.5),
    "spine_root": (33, 218),
    "spine_lat": (77.5, 203.5),
    "rmin_low_out": (34.5, 235),
    "inf_angle": (46, 292),
    "is_pd": (78, 214),
    "pd_ax": ("uarm", 0.22, -4),
    "lb1": (54, 256),
    # lower back and hip
    "ql_top_out": (31, 334),
    "ql_low_out": (32, 390),
    "sac_pir_top": (16.5, 434),
    "sac_pir_low": (14, 447),
    # thigh
    "fold_am": (22, 495),
    "fold_bf": (40, 494.5),
    "am_low": (19, 548),
    "sm_low": (25, 606),
    "st_low": (34, 600),
    "lh_low": (41.5, 603),
    # leg
    "gas_top_mid": (33, 626),
    "gas_mid_low": (31, 719),
    "glh_top": (45, 631),
    "sol_fib": (42.5, 703),
    "fl_fb": ("leg", 0.58, 7),
    "fib_low": ("leg", 0.85, 2),
    # forearm
    "ecu_top": ("farm", 0.04, -4),
    "sup_ecu": ("farm", 0.28, -6),
    "ecu_low": ("farm", 0.92, -3),
    "ecrl_top": ("farm", 0.03, 7),
    "sup_out": ("farm", 0.28, 6),
    "sup_mid": ("farm", 0.28, 1.5),
    "edb_low": ("farm", 0.92, 3.5),
}

CHAINS: dict[str, list[Ref]] = {
    "e_para": ["nk_top", "nk_mid", "c7", "t4", "t5", (14, 265), "t8", "t12", (16.5, 365), "l5",
               "s2"],
    "e_spl_ls": ["neck_mid", (18, 169), "nk_mid"],
    "e_ls_ut": ["neck_base", (27, 185), "ls_low"],
    "e_ls_low": ["ls_low", (22, 204), "c7"],
    "e_ut_low": ["ls_low", (52, 192.5), "ut_ss_out"],
    "e_spine": ["spine_root", (55, 211.5), "spine_lat"],
    "e_ss_med": ["ls_low", (31.5, 208), "spine_root"],
    "e_mt_low": ["spine_root", (24, 225), "t4"],
    "e_rmin_low": ["rmin_low_out", (24, 242), "t5"],
    "e_med": ["spine_root", "rmin_low_out", (38, 264), "inf_angle"],
    "e_rmaj_low": ["inf_angle", (30, 287), "t8"],
    "e_lt_lat": ["inf_angle", (34, 310), "t12"],
    "e_pd_med": ["spine_lat", "is_pd", "pd_ax", ("uarm", 0.35, 0), "delt_ins"],
    "e_is_lat": ["is_pd", (63, 228), "lb1"],
    "e_lat_border": ["lb1", (49, 275), "inf_angle"],
    "e_tmin_low": ["axilla", (64, 247), "lb1"],
    "e_tmaj_low": ["chest_low", (57, 281), "inf_angle"],
    "e_ql_top": ["t12", (23, 333), "ql_top_out"],
    "e_ql_lat": ["ql_top_out", (33, 362), "ql_low_out"],
    "e_crest": ["iliac_side", (50, 382), "ql_low_out", (22, 397), "l5"],
    "e_pir_top": ["pir_sil", (45, 428), "sac_pir_top"],
    "e_pir_low": ["troch", (42, 443), "sac_pir_low"],
    "e_cleft": ["sac_pir_low", (6.5, 452), (4.5, 462), "thigh_in1"],
    "e_fold": ["thigh_out1", (58, 492), "fold_bf", "fold_am", (10, 486), "thigh_in1"],
    "e_am_st": ["fold_am", (21, 522), "am_low"],
    "e_am_sm": ["am_low", (15, 558), "thigh_in3"],
    "e_st_sm": ["am_low", (24.5, 580), "sm_low"],
    "e_st_bf": ["fold_bf", (39, 545), "st_low"],
    "e_lh_sh": ["thigh_out3", (50, 577), "lh_low"],
    "e_gas_mid": ["gas_top_mid", (33, 670), "gas_mid_low"],
    "e_sol_top": ["sol_in", (21, 725), "gas_mid_low", (39, 710), "sol_fib"],
    "e_fib_med": ["glh_top", (44.5, 665), "sol_fib", "fl_fb", "fib_low"],
    "e_fl_fb": ["fl_fb", ("leg", 0.54, 14), "leg_out3"],
    # forearm
    "e_ecu": ["ecu_top", "sup_ecu", ("farm", 0.6, -5.5), "ecu_low"],
    "e_ecrl": ["ecrl_top", "sup_out", ("farm", 0.38, 10), "fa_out2"],
    "e_sup_low": ["sup_ecu", "sup_mid", "sup_out"],
    "e_ed_ecrb": ["sup_mid", ("farm", 0.6, 4.5), "edb_low"],
}

MID_LINE = "mid line"
DETAILS: list[tuple[str, list[Ref]]] = [
    # ears
    ("line", [(41.5, 104), (43, 111), (41.5, 119)]),
    # spine, natal cleft
    (MID_LINE, [(0, 150), (0, 440)]),
    (MID_LINE, [(0, 440), (0.5, 452), (0, 462)]),
    # elbow point, wrist, fingers (back of the hand)
    ("loop", [("uarm", 0.95, -6), ("uarm", 0.98, 0), ("farm", 0.02, -5), ("farm", 0.0, -9)]),
    ("line", [("farm", 0.97, -8), ("farm", 0.98, 0), ("farm", 0.97, 8)]),
    ("line", [("hand", 0.62, 4.5), ("hand", 0.86, 3.3)]),
    ("line", [("hand", 0.6, -1), ("hand", 0.9, -1)]),
    ("line", [("hand", 0.58, -6), ("hand", 0.85, -5.5)]),
    # back of the knee, heel and Achilles tendon
    ("line", [(18, 613), (33, 616), (48, 613)]),
    ("line", [("leg", 0.8, -3), ("leg", 0.93, -3.5), ("leg", 1.01, -8)]),
    ("line", [("leg", 0.8, 4), ("leg", 0.93, 4.5), ("leg", 1.01, 8)]),
    ("line", [(23.5, 833), (26, 842), (31, 845.5), (36, 842), (38.5, 833)]),
]

REGIONS: dict[str, list[Ref | list[Ref]]] = {
    # head and neck
    "occipitalis": [(1.5, 101), [(17, 101)], (31, 108), [(33.5, 116)], (31, 124),
                    [(16, 127.5)], (1.5, 127), []],
    "suboccipitals": [(1.5, 131.5), [(11, 130.8)], (21, 133.5), [(22.5, 139.5)], (20, 145),
                      [(11, 146)], (1.5, 145.5), []],
    "semispinalis_capitis": [(1.5, 148), [], "nk_top", "nk_mid", [], (1.5, 173), []],
    "splenius_capitis": ["nk_top", [(19, 146.8)], "neck_top", "neck_mid", "nk_mid"],
    "cervical_paraspinals": [(1.5, 173), [], "nk_mid", "c7", [], (1.5, 206), []],
    "levator_scapulae": ["neck_mid", "neck_base", "ls_low", "c7", "nk_mid"],
    # shoulder girdle
    "upper_trapezius": ["neck_base", "acromion", [], "ut_ss_out", "ls_low"],
    "middle_trapezius": ["c7", "ls_low", "spine_root", "t4"],
    "rhomboid_minor": ["t4", "spine_root", "rmin_low_out", "t5"],
    "rhomboid_major": ["t5", "rmin_low_out", "inf_angle", "t8"],
    "lower_trapezius": ["t8", "inf_angle", "t12"],
    "supraspinatus": ["ls_low", "ut_ss_out", [], "spine_lat", "spine_root"],
    "infraspinatus": ["spine_root", "spine_lat", "is_pd", "lb1", "inf_angle"],
    "teres_minor": ["is_pd", "pd_ax", [], "axilla", "lb1"],
    "teres_major": ["axilla", "chest_low", "inf_angle", "lb1"],
    "posterior_deltoid": ["acromion", "delt_cap", [("uarm", 0.2, 10.5)], "delt_ins", "spine_lat",
                          []],
    "middle_deltoid": MIDDLE_DELTOID,
    "latissimus_dorsi": ["chest_low", "iliac_side", "ql_low_out", "ql_top_out", "t12",
                         "inf_angle"],
    # spine strip
    "thoracic_paraspinals": [(1.5, 206), [], "c7", "t12", [], (1.5, 330), []],
    "lumbar_paraspinals": [(1.5, 330), [], "t12", "l5", [], (1.5, 398), []],
    "multifidus": [(1.5, 398), [], "l5", "s2", [], (1.5, 432), []],
    "quadratus_lumborum": ["t12", "ql_top_out", "ql_low_out", "l5"],
    # arm
    "triceps_brachii": ["pd_ax", "delt_ins", [("uarm", 0.44, 13.5)], "delt_low", "arm_out_low",
                        [("uarm", 0.97, 2)], "arm_in_low", "axilla", []],
    "extensor_carpi_radialis_longus": ["elbow_out", "fa_out2", "ecrl_top",
                                       [("uarm", 1.03, 10)]],
    "supinator": ["ecu_top", [], "ecrl_top", "sup_out", "sup_ecu"],
    "extensor_carpi_radialis_brevis": ["sup_mid", "sup_out", "fa_out2", "fa_out4", [],
                                       "edb_low"],
    "extensor_digitorum": ["sup_ecu", "sup_mid", "edb_low", [], "ecu_low"],
    "extensor_carpi_ulnaris": ["ecu_top", "ecu_low", [], "fa_in4", "fa_in1", []],
    "first_dorsal_interosseous": [("hand", 0.17, -0.5), [], ("hand", 0.17, 9.5),
                                  [("hand", 0.3, 11.5)], ("hand", 0.42, 8.3), [],
                                  ("hand", 0.45, -0.5), []],
    # hip and thigh
    "gluteus_medius": ["l5", "iliac_side", "pir_sil", "sac_pir_top", [], "s2"],
    "piriformis": ["sac_pir_top", "pir_sil", "troch", "sac_pir_low", []],
    "gluteus_maximus": ["sac_pir_low", "troch", "thigh_out1", "thigh_in1"],
    "adductor_magnus": ["thigh_in1", "fold_am", "am_low", "thigh_in3"],
    "semimembranosus": ["thigh_in3", "am_low", "sm_low", [], "knee_in"],
    "semitendinosus": ["fold_am", "fold_bf", "st_low", [], "sm_low", "am_low"],
    "biceps_femoris_long_head": ["fold_bf", "thigh_out1", "thigh_out3", "lh_low", [], "st_low"],
    "biceps_femoris_short_head": ["thigh_out3", "thigh_out4", [(49, 600)], "lh_low"],
    # leg
    "gastrocnemius_medial_head": ["leg_in1", [(22, 628)], "gas_top_mid", "gas_mid_low", "sol_in"],
    "gastrocnemius_lateral_head": ["gas_top_mid", [(40, 626.5)], "glh_top", "sol_fib",
                                   "gas_mid_low"],
    "soleus": ["sol_in", "gas_mid_low", "sol_fib", "fib_low", [("leg", 0.83, -6)], "leg_in3"],
    "fibularis_longus": ["glh_top", [], "leg_out1", "leg_out3", "fl_fb"],
    "fibularis_brevis": ["fl_fb", "leg_out3", "fb_low_out", [], "fib_low"],
}
