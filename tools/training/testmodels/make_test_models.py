"""Tiny ONNX models with fixed weights for the inference engine's tests.

Run with /usr/bin/python3 (torch 1.13):  python3 tools/training/testmodels/make_test_models.py
Writes test/fixtures/models/<id>.onnx; the manifests beside them are written by hand.

- threshold-ct: a 1x1x1 Conv3d whose foreground logit is 10 * (x - 1). With the manifest's
  normalisation (window [-1024, 3071], mean 0.5, std 100) that is "HU >= 101" on integer HU,
  a rule a test can compute directly on the source voxels.
- constant-probabilities: ignores its input and outputs probabilities (0.3, 0.7) everywhere;
  Gaussian blending of a constant must give that constant back, with no seams.
- conv-ct: three Conv3d layers (1->8->8->2, 3x3x3, 3x3x3, 1x1x1) with seeded random weights:
  about the arithmetic per voxel of a small segmentation network, for the engine-overhead benchmark.
"""
import os
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "test", "fixtures", "models")


class Threshold(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv3d(1, 2, 1)
        with torch.no_grad():
            self.conv.weight.copy_(torch.tensor([0.0, 10.0]).view(2, 1, 1, 1, 1))
            self.conv.bias.copy_(torch.tensor([0.0, -10.0]))

    def forward(self, image):
        return self.conv(image)


class Constant(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv3d(1, 2, 1)
        with torch.no_grad():
            self.conv.weight.zero_()
            self.conv.bias.copy_(torch.tensor([0.3, 0.7]))

    def forward(self, image):
        return self.conv(image)


class Conv(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Sequential(
            torch.nn.Conv3d(1, 8, 3, padding=1), torch.nn.ReLU(),
            torch.nn.Conv3d(8, 8, 3, padding=1), torch.nn.ReLU(),
            torch.nn.Conv3d(8, 2, 1))

    def forward(self, image):
        return self.net(image)


def export(model, name, output_name):
    path = os.path.join(OUT, name + ".onnx")
    dyn = {0: "batch", 2: "d", 3: "h", 4: "w"}
    torch.onnx.export(model.eval(), torch.zeros(1, 1, 8, 8, 8), path, opset_version=17,
                      input_names=["image"], output_names=[output_name],
                      dynamic_axes={"image": dyn, output_name: dyn})
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    export(Threshold(), "threshold-ct", "logits")
    export(Constant(), "constant-probabilities", "probabilities")
    export(Conv(), "conv-ct", "logits")
