"""3D U²-Net (Huang et al., MICCAI 2019) for the liver, in a small exportable form.

Every convolution after the stem is separable: a depthwise 3x3x3 conv SHARED across
domains, then a pointwise 1x1x1 conv that is a per-domain ADAPTER, then per-domain
instance-norm affine parameters and LeakyReLU. The domain (CT = 0, MR = 1) is an
int64 tensor of shape [1]; adapter weights are stacked [n_domains, Cout, Cin] and
gathered inside the graph, so one ONNX file serves both domains.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

# PyTorch 1.13's CPU depthwise conv3d is ~6x slower than a dense conv of the same
# shape, so for training the depthwise conv is run as a dense conv whose weight is
# block-diagonal (identical result). Export uses the true grouped conv.
DENSE_DEPTHWISE = True


class DomainNorm(nn.Module):
    """Instance norm (no running stats) with a per-domain scale and shift."""

    def __init__(self, c, n_domains):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(n_domains, c))
        self.beta = nn.Parameter(torch.zeros(n_domains, c))

    def forward(self, x, domain):
        c = x.shape[1]
        x = F.instance_norm(x, eps=1e-5)
        g = torch.index_select(self.gamma, 0, domain).reshape(1, c, 1, 1, 1)
        b = torch.index_select(self.beta, 0, domain).reshape(1, c, 1, 1, 1)
        return x * g + b


class SepConv(nn.Module):
    """Shared depthwise 3x3x3 -> per-domain pointwise 1x1x1 -> per-domain norm -> LeakyReLU."""

    def __init__(self, cin, cout, n_domains):
        super().__init__()
        self.cin, self.cout = cin, cout
        self.dw = nn.Conv3d(cin, cin, 3, padding=1, groups=cin, bias=False)
        self.pw = nn.Parameter(torch.empty(n_domains, cout, cin))
        for d in range(n_domains):
            nn.init.kaiming_normal_(self.pw.data[d], a=0.01)
        self.norm = DomainNorm(cout, n_domains)

    def forward(self, x, domain):
        if DENSE_DEPTHWISE:
            eye = torch.eye(self.cin, dtype=x.dtype).reshape(self.cin, self.cin, 1, 1, 1)
            x = F.conv3d(x, self.dw.weight * eye, padding=1)
        else:
            x = self.dw(x)
        w = torch.index_select(self.pw, 0, domain).reshape(self.cout, self.cin, 1, 1, 1)
        x = F.conv3d(x, w)
        return F.leaky_relu(self.norm(x, domain), 0.01)


class Stem(nn.Module):
    """Full 3x3x3 conv on the single input channel (= a depthwise conv with channel
    multiplier), shared, then per-domain norm."""

    def __init__(self, cout, n_domains):
        super().__init__()
        self.conv = nn.Conv3d(1, cout, 3, padding=1, bias=False)
        self.norm = DomainNorm(cout, n_domains)

    def forward(self, x, domain):
        return F.leaky_relu(self.norm(self.conv(x), domain), 0.01)


class Block(nn.Module):
    def __init__(self, cin, cout, n_domains):
        super().__init__()
        self.a = SepConv(cin, cout, n_domains)
        self.b = SepConv(cout, cout, n_domains)

    def forward(self, x, domain):
        return self.b(self.a(x, domain), domain)


class U2Net3D(nn.Module):
    def __init__(self, base=16, levels=4, n_domains=2, n_classes=2, deep_supervision=True):
        super().__init__()
        ch = [base * 2 ** i for i in range(levels)]
        self.ch, self.deep_supervision = ch, deep_supervision
        self.stem = Stem(ch[0], n_domains)
        self.enc = nn.ModuleList([SepConv(ch[0], ch[0], n_domains)] +
                                 [Block(ch[i - 1], ch[i], n_domains) for i in range(1, levels)])
        # decoder: per-domain pointwise adapter ch[i+1] -> ch[i] (at low resolution),
        # nearest x2 upsample, concat with the skip, then a separable block
        self.up = nn.ParameterList([nn.Parameter(torch.randn(n_domains, ch[i], ch[i + 1])
                                                 * (1.0 / ch[i + 1]) ** 0.5)
                                    for i in range(levels - 1)])
        self.dec = nn.ModuleList([Block(2 * ch[i], ch[i], n_domains) for i in range(levels - 1)])
        self.head = nn.Conv3d(ch[0], n_classes, 1)
        self.aux = nn.ModuleList([nn.Conv3d(ch[i], n_classes, 1) for i in (1, 2)])

    def forward(self, image, domain):
        x = self.enc[0](self.stem(image, domain), domain)
        skips = [x]
        for i in range(1, len(self.enc)):
            x = self.enc[i](F.max_pool3d(x, 2), domain)
            skips.append(x)
        aux = []
        for i in reversed(range(len(self.dec))):
            w = torch.index_select(self.up[i], 0, domain).reshape(self.ch[i], self.ch[i + 1], 1, 1, 1)
            x = F.interpolate(F.conv3d(x, w), scale_factor=2.0, mode="nearest")
            x = self.dec[i](torch.cat([x, skips[i]], 1), domain)
            if self.training and self.deep_supervision and i in (1, 2):
                aux.append(self.aux[i - 1](x))
        out = self.head(x)
        if self.training and self.deep_supervision:
            return out, aux
        return out


class Exportable(nn.Module):
    """Inference wrapper: image [1,1,D,H,W] float32, domain [1] int64 -> logits [1,2,D,H,W]."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, image, domain):
        return self.net(image, domain)


if __name__ == "__main__":
    import time

    torch.set_num_threads(2)
    for base in (16, 24):
        net = U2Net3D(base=base)
        n = sum(p.numel() for p in net.parameters())
        opt = torch.optim.AdamW(net.parameters(), 1e-3)
        for shape in ((2, 1, 48, 80, 80), (2, 1, 48, 64, 64)):
            x = torch.randn(*shape)
            d = torch.tensor([0])
            ts = []
            for _ in range(3):
                t = time.time()
                out, aux = net(x, d)
                loss = out.mean() + sum(a.mean() for a in aux)
                opt.zero_grad(); loss.backward(); opt.step()
                ts.append(time.time() - t)
            print(f"base {base} params {n} shape {shape} s/step {min(ts):.2f}")
