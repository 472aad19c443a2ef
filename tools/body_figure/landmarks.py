"""The shared table: limb frames, landmarks and the silhouette of one half of the body.

Units: the canvas is 400 x 900; the figure stands from the top of the head (y 45) to the soles
(y 862), a head is about 101 units, so the figure is about eight heads tall. ``u`` is the distance
from the midline (see geometry.py). Arms hang slightly away from the body, palms forwards
(anatomical position), so the forearm flexors show on the front and the extensors on the back.
"""

from __future__ import annotations

from .geometry import MIRROR, PointSpec, Ref

FRAMES = {
    "uarm": ((82.0, 205.0), (116.0, 348.0)),  # shoulder joint -> elbow
    "farm": ((116.0, 348.0), (146.0, 464.0)),  # elbow -> wrist
    "hand": ((146.0, 464.0), (160.0, 542.0)),  # wrist -> tip of the middle finger
    "thigh": ((38.0, 445.0), (33.0, 612.0)),  # hip joint -> knee
    "leg": ((33.0, 612.0), (31.0, 812.0)),  # knee -> ankle
}

POINTS: dict[str, PointSpec] = {
    # head and neck
    "head_top": (0, 45),
    "crown_side": (32, 58),
    "head_side": (38.5, 74),
    "temple_low": (40, 92),
    "ear_top": (39.5, 99),
    "ear_bottom": (39.5, 126),
    "jaw_angle": (35, 134),
    "jaw_low": (29.5, 143),
    "neck_top": (25.5, 151),
    "neck_mid": (24.5, 161),
    "neck_base": (27.5, 168),
    "sc_lat": (40, 175),
    "trap_mid": (48, 177.5),
    "acromion": (83, 190),
    "delt_cap": (89.5, 192.6),
    # arm
    "delt_top": (95, 196),
    "delt_low": ("uarm", 0.4, 18.5),
    "delt_ins": ("uarm", 0.46, 8),
    "arm_out_low": ("uarm", 0.85, 16.5),
    "elbow_out": ("uarm", 1.0, 16),
    "fa_out1": ("farm", 0.18, 18.5),
    "fa_out2": ("farm", 0.45, 16),
    "fa_out3": ("farm", 0.75, 12.5),
    "fa_out4": ("farm", 0.92, 11.2),
    "wrist_out": ("farm", 1.0, 10.5),
    "thumb_tip": ("hand", 0.57, 17.5),
    "thumb_web": ("hand", 0.39, 10.3),
    "finger_tip": ("hand", 1.0, 0),
    "wrist_in": ("farm", 1.0, -10.5),
    "fa_in4": ("farm", 0.92, -11.5),
    "fa_in3": ("farm", 0.7, -13.5),
    "fa_in2": ("farm", 0.35, -17),
    "fa_in1": ("farm", 0.1, -16.5),
    "elbow_in": ("uarm", 1.0, -16),
    "arm_in_low": ("uarm", 0.7, -16.5),
    "arm_in_mid": ("uarm", 0.4, -17),
    "axilla": ("uarm", 0.2, -15),
    # trunk
    "chest_side": (71, 252),
    "chest_low": (68.5, 272),
    "ribs_side": (65, 294),
    "waist": (60, 336),
    "iliac_side": (66.5, 380),
    "hip_side": (72.5, 422),
    "pir_sil": (73.3, 433),
    "troch": (73.5, 445),
    # leg
    "thigh_out1": (71.5, 475),
    "thigh_out2": (68, 510),
    "thigh_out3": (63, 550),
    "thigh_out4": (57, 588),
    "knee_out": ("thigh", 1.0, 19),
    "leg_out1": ("leg", 0.1, 19),
    "leg_out2": ("leg", 0.3, 23),
    "leg_out3": ("leg", 0.5, 20),
    "leg_out4": ("leg", 0.75, 13),
    "fb_low_out": ("leg", 0.88, 11),
    "ankle_out": ("leg", 0.97, 9.5),
    "toe_out": (48, 857),
    "toe_in": (19, 855),
    "foot_in": (18, 842),
    "ah_top": (20.6, 818),
    "ankle_in": ("leg", 0.97, -9),
    "leg_in3": ("leg", 0.75, -12),
    "sol_in": ("leg", 0.55, -18.5),
    "leg_in2": ("leg", 0.4, -21),
    "leg_in1": ("leg", 0.15, -18),
    "knee_in": ("thigh", 1.0, -17),
    "knee_in_hi": ("thigh", 0.9, -19),
    "thigh_in3": ("thigh", 0.75, -22),
    "thigh_in2": ("thigh", 0.4, -29),
    "thigh_in1": ("thigh", 0.15, -33),
    "crotch": (0, 457),
}

# The silhouette of one half, from the top of the head to the crotch, in four smooth chains
# (the armpit and the crotch are corners). Named points let regions follow the skin exactly.
SILHOUETTE = ("sil_head", "sil_arm", "sil_trunk", "sil_leg")

SILHOUETTE_CHAINS: dict[str, list[Ref]] = {
    "sil_head": [
        MIRROR, "head_top", (19, 48), "crown_side", "head_side", "temple_low", "ear_top",
        (43.5, 101), (45, 109), (43.5, 119), "ear_bottom", "jaw_angle", "jaw_low", "neck_top",
        "neck_mid", "neck_base", "sc_lat", "trap_mid", (66, 183.5), "acromion", "delt_cap",
        "delt_top",
    ],
    "sil_arm": [
        "delt_top", ("uarm", 0.05, 21), ("uarm", 0.2, 22), "delt_low", ("uarm", 0.6, 17),
        "arm_out_low", "elbow_out", "fa_out1", "fa_out2", "fa_out3", "fa_out4", "wrist_out",
        ("hand", 0.1, 12.5), ("hand", 0.23, 15.8), ("hand", 0.38, 18.6), ("hand", 0.51, 19.6),
        "thumb_tip", ("hand", 0.55, 14.6), ("hand", 0.47, 12), "thumb_web", ("hand", 0.5, 10.3),
        ("hand", 0.8, 9.5),
        ("hand", 0.95, 6), "finger_tip", ("hand", 0.96, -6), ("hand", 0.83, -9.5),
        ("hand", 0.5, -11), ("hand", 0.2, -10.5), "wrist_in", "fa_in4", "fa_in3", "fa_in2",
        "fa_in1", "elbow_in", "arm_in_low", "arm_in_mid", "axilla",
    ],
    "sil_trunk": [
        "axilla", "chest_side", "chest_low", "ribs_side", (61.5, 315), "waist", (61.5, 358),
        "iliac_side", (70, 402), "hip_side", "pir_sil", "troch", "thigh_out1", "thigh_out2",
        "thigh_out3", "thigh_out4", "knee_out",
    ],
    "sil_leg": [
        "knee_out", "leg_out1", "leg_out2", "leg_out3", "leg_out4", "fb_low_out", "ankle_out",
        (44, 828), (49, 845), "toe_out", (38, 862), (25, 861), "toe_in", "foot_in", "ah_top",
        "ankle_in", "leg_in3", "sol_in", "leg_in2", "leg_in1", "knee_in", "knee_in_hi",
        "thigh_in3", "thigh_in2", "thigh_in1", "crotch",
    ],
}

# The middle deltoid is the same region on both views (the catalog's view is "both").
MIDDLE_DELTOID: list[Ref | list[Ref]] = [
    "delt_cap", "delt_top", "delt_low", [("uarm", 0.44, 13.5)], "delt_ins", [("uarm", 0.2, 10.5)],
]
