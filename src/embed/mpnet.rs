//! The MPNet encoder (all-mpnet-base-v2), which the Candle model zoo does not include.
//!
//! MPNet is a BERT-shaped encoder with two differences that matter for inference: no
//! token-type embeddings, and a learned bias on each attention score that depends on the
//! distance between the two tokens (bucketed as in T5), shared by all layers. Positions
//! start at 2, after the padding index, as in RoBERTa. The weight names follow the
//! sentence-transformers export (`embeddings.*`, `encoder.layer.N.*`).

use candle_core::{DType, Device, Module, Result, Tensor};
use candle_nn::{Embedding, LayerNorm, Linear, VarBuilder, embedding, layer_norm, linear};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    vocab_size: usize,
    hidden_size: usize,
    num_hidden_layers: usize,
    num_attention_heads: usize,
    intermediate_size: usize,
    max_position_embeddings: usize,
    layer_norm_eps: f64,
    relative_attention_num_buckets: usize,
    pub pad_token_id: u32,
}

/// Distances up to this are bucketed on a log scale; beyond it they share the last bucket.
const MAX_DISTANCE: f64 = 128.0;

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    out: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
}

pub struct MpNet {
    words: Embedding,
    positions: Embedding,
    embedding_norm: LayerNorm,
    relative_bias: Embedding,
    layers: Vec<Layer>,
    heads: usize,
    buckets: usize,
}

impl MpNet {
    pub fn load(vb: VarBuilder, c: &Config) -> Result<MpNet> {
        let h = c.hidden_size;
        let norm = |vb: VarBuilder| layer_norm(h, c.layer_norm_eps, vb);
        let layers = (0..c.num_hidden_layers)
            .map(|i| {
                let vb = vb.pp(format!("encoder.layer.{i}"));
                let attn = vb.pp("attention.attn");
                Ok(Layer {
                    query: linear(h, h, attn.pp("q"))?,
                    key: linear(h, h, attn.pp("k"))?,
                    value: linear(h, h, attn.pp("v"))?,
                    out: linear(h, h, attn.pp("o"))?,
                    attention_norm: norm(vb.pp("attention.LayerNorm"))?,
                    intermediate: linear(h, c.intermediate_size, vb.pp("intermediate.dense"))?,
                    output: linear(c.intermediate_size, h, vb.pp("output.dense"))?,
                    output_norm: norm(vb.pp("output.LayerNorm"))?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(MpNet {
            words: embedding(c.vocab_size, h, vb.pp("embeddings.word_embeddings"))?,
            positions: embedding(
                c.max_position_embeddings,
                h,
                vb.pp("embeddings.position_embeddings"),
            )?,
            embedding_norm: norm(vb.pp("embeddings.LayerNorm"))?,
            relative_bias: embedding(
                c.relative_attention_num_buckets,
                c.num_attention_heads,
                vb.pp("encoder.relative_attention_bias"),
            )?,
            layers,
            heads: c.num_attention_heads,
            buckets: c.relative_attention_num_buckets,
        })
    }

    /// Token states `[batch, tokens, hidden]` for word-piece ids `[batch, tokens]`; `mask`
    /// is 1 for real tokens and 0 for padding, which no token attends to.
    pub fn forward(&self, ids: &Tensor, mask: &Tensor) -> Result<Tensor> {
        let (batch, tokens) = ids.dims2()?;
        let device = ids.device();
        // Padding sits after the real tokens, so every real token's position is its index
        // plus the offset, whatever the batch's padding.
        let positions = Tensor::arange(2u32, tokens as u32 + 2, device)?;
        let mut x = self
            .words
            .forward(ids)?
            .broadcast_add(&self.positions.forward(&positions)?)?;
        x = self.embedding_norm.forward(&x)?;

        let bias = self.position_bias(tokens, device)?;
        let blocked = ((mask.ones_like()? - mask)?.to_dtype(DType::F32)? * f64::from(f32::MIN))?
            .reshape((batch, 1, 1, tokens))?;
        let bias = bias.broadcast_add(&blocked)?;
        for layer in &self.layers {
            x = self.layer(layer, &x, &bias)?;
        }
        Ok(x)
    }

    fn layer(&self, l: &Layer, x: &Tensor, bias: &Tensor) -> Result<Tensor> {
        let (batch, tokens, hidden) = x.dims3()?;
        let width = hidden / self.heads;
        let split = |t: Tensor| {
            t.reshape((batch, tokens, self.heads, width))?
                .transpose(1, 2)?
                .contiguous()
        };
        let q = split(l.query.forward(x)?)?;
        let k = split(l.key.forward(x)?)?;
        let v = split(l.value.forward(x)?)?;
        let scores = (q.matmul(&k.t()?)? / (width as f64).sqrt())?.broadcast_add(bias)?;
        let weights = candle_nn::ops::softmax_last_dim(&scores)?;
        let context = weights
            .matmul(&v)?
            .transpose(1, 2)?
            .reshape((batch, tokens, hidden))?;
        let x = l.attention_norm.forward(&(l.out.forward(&context)? + x)?)?;
        let inner = l.intermediate.forward(&x)?.gelu_erf()?;
        l.output_norm.forward(&(l.output.forward(&inner)? + x)?)
    }

    /// The learned attention bias `[1, heads, tokens, tokens]` for every pair of positions.
    fn position_bias(&self, tokens: usize, device: &Device) -> Result<Tensor> {
        let ids: Vec<u32> = (0..tokens)
            .flat_map(|i| (0..tokens).map(move |j| (i, j)))
            .map(|(i, j)| bucket(j as i64 - i as i64, self.buckets))
            .collect();
        let ids = Tensor::from_vec(ids, (tokens, tokens), device)?;
        self.relative_bias
            .forward(&ids)?
            .permute((2, 0, 1))?
            .unsqueeze(0)?
            .contiguous()
    }
}

/// The bucket of a relative position (key index minus query index): half the buckets for
/// each direction, exact for short distances, logarithmic up to `MAX_DISTANCE`.
fn bucket(relative: i64, buckets: usize) -> u32 {
    let half = (buckets / 2) as i64;
    let side = if relative > 0 { half } else { 0 };
    let distance = relative.abs();
    let exact = half / 2;
    let within = if distance < exact {
        distance
    } else {
        let scaled = (distance as f64 / exact as f64).ln() / (MAX_DISTANCE / exact as f64).ln();
        (exact + (scaled * (half - exact) as f64) as i64).min(half - 1)
    };
    (side + within) as u32
}

#[cfg(test)]
mod tests {
    use super::bucket;

    #[test]
    fn relative_positions_fall_in_the_reference_buckets() {
        // Values of the reference implementation's bucketing (32 buckets, distance 128):
        // exact up to 7 on each side, logarithmic after, keys to the right in the upper half.
        for (relative, expected) in [
            (0, 0),
            (-1, 1),
            (-7, 7),
            (-8, 8),
            (-20, 10),
            (-127, 15),
            (-500, 15),
            (1, 17),
            (7, 23),
            (8, 24),
            (20, 26),
            (500, 31),
        ] {
            assert_eq!(bucket(relative, 32), expected, "relative {relative}");
        }
    }
}
