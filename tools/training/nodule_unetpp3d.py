"""3D UNet++ (Zhou et al., DLMIA 2018) for lung nodules, small enough for CPU.

Nodes X[i][j]: i = depth (resolution level, 0 = full), j = position along the nested
skip pathway. X[i][0] is the encoder; X[i][j>0] = conv(cat(X[i][0..j-1], up(X[i+1][j-1]))).
Deep supervision: a 1x1x1 head on every X[0][j], j = 1..L. Pruning at level L keeps only the
nodes with i + j <= L and answers from head L, so a level-L model is a strict sub-graph of
the full one (the weights are shared, trained jointly by the deep-supervision loss).

Every node is two 3x3x3 conv -> instance norm -> LeakyReLU, as in the paper; channels are
narrow (FILTERS) so a 64^3 crop runs in a fraction of a second on CPU.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

FILTERS = (8, 16, 32, 64, 96)


class Block(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.c1 = nn.Conv3d(cin, cout, 3, padding=1)
        self.n1 = nn.InstanceNorm3d(cout, affine=True)
        self.c2 = nn.Conv3d(cout, cout, 3, padding=1)
        self.n2 = nn.InstanceNorm3d(cout, affine=True)

    def forward(self, x):
        x = F.leaky_relu(self.n1(self.c1(x)), 0.01)
        return F.leaky_relu(self.n2(self.c2(x)), 0.01)


class UNetPP3D(nn.Module):
    def __init__(self, depth=4, filters=FILTERS, in_ch=1, classes=2):
        super().__init__()
        self.depth = depth
        f = filters[: depth + 1]
        self.f = f
        nodes = {}
        for i in range(depth + 1):
            nodes[f"x{i}_0"] = Block(in_ch if i == 0 else f[i - 1], f[i])
        for j in range(1, depth + 1):
            for i in range(0, depth + 1 - j):
                cin = f[i] * j + f[i + 1]
                nodes[f"x{i}_{j}"] = Block(cin, f[i])
        self.nodes = nn.ModuleDict(nodes)
        self.heads = nn.ModuleList([nn.Conv3d(f[0], classes, 1) for _ in range(depth)])

    def forward_levels(self, x, level=None):
        """Logits of heads 1..level (all when level is None), list ordered by level."""
        L = self.depth if level is None else level
        X = {}
        X[(0, 0)] = self.nodes["x0_0"](x)
        for i in range(1, L + 1):
            X[(i, 0)] = self.nodes[f"x{i}_0"](F.max_pool3d(X[(i - 1, 0)], 2))
        for j in range(1, L + 1):
            for i in range(0, L + 1 - j):
                up = F.interpolate(X[(i + 1, j - 1)], scale_factor=2, mode="trilinear", align_corners=False)
                X[(i, j)] = self.nodes[f"x{i}_{j}"](torch.cat([X[(i, k)] for k in range(j)] + [up], 1))
        return [self.heads[j - 1](X[(0, j)]) for j in range(1, L + 1)]

    def forward(self, x):
        return self.forward_levels(x)


class Pruned(nn.Module):
    """Inference graph of one pruning level: only the nodes that head `level` needs."""

    def __init__(self, net, level):
        super().__init__()
        self.net, self.level = net, level

    def forward(self, image):
        return self.net.forward_levels(image, self.level)[-1]


if __name__ == "__main__":
    import sys
    import time

    torch.set_num_threads(2)
    s = int(sys.argv[1]) if len(sys.argv) > 1 else 64
    net = UNetPP3D()
    print("params", sum(p.numel() for p in net.parameters()))
    x = torch.randn(1, 1, s, s, s)
    for L in range(1, 5):
        with torch.no_grad():
            t = time.time()
            y = net.forward_levels(x, L)
            print("level", L, "fwd %.2fs" % (time.time() - t), y[-1].shape)
    t = time.time()
    out = net(x)
    sum(o.mean() for o in out).backward()
    print("fwd+bwd full %.2fs" % (time.time() - t))
