//! A Qwen2 decoder read from a GGUF file, with just what a pair judge needs: a prompt's
//! fixed opening run once, then many short continuations scored after it.
//!
//! candle-transformers has a quantized Qwen2, but it keeps one growing key/value cache and
//! masks only the newest tokens, so it can neither return to the opening for the next pair
//! nor run a continuation of several tokens after it. Here the opening's keys and values are
//! a value of their own that each continuation reads and never changes.

use candle_core::quantized::{QMatMul, gguf_file};
use candle_core::{DType, Device, IndexOp, Module, Result, Tensor};
use candle_nn::ops::{rms_norm, silu, softmax_last_dim};
use candle_nn::rotary_emb::rope;
use tokenizers::models::bpe::{BPE, Vocab};
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::pre_tokenizers::sequence::Sequence;
use tokenizers::pre_tokenizers::split::{Split, SplitPattern};
use tokenizers::{AddedToken, SplitDelimiterBehavior, Tokenizer};

/// How Qwen2 cuts text into pieces before byte-pair merging: contractions, runs of letters
/// with one leading mark, single digits, runs of punctuation, and spaces.
const PIECES: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

/// The chat markers the prompt is built with; they are single tokens, never merged text.
pub const CHAT_MARKERS: [&str; 2] = ["<|im_start|>", "<|im_end|>"];

/// The model's byte-level BPE tokenizer, from the vocabulary and merges the GGUF file
/// carries.
pub fn tokenizer(gguf: &gguf_file::Content) -> Result<Tokenizer> {
    let strings = |key: &str| -> Result<Vec<String>> {
        let Some(values) = gguf.metadata.get(key) else {
            candle_core::bail!("the model file has no {key}")
        };
        values
            .to_vec()?
            .iter()
            .map(|v| v.to_string().cloned())
            .collect()
    };
    let vocab: Vocab = strings("tokenizer.ggml.tokens")?
        .into_iter()
        .enumerate()
        .map(|(id, token)| (token, id as u32))
        .collect();
    let merges = strings("tokenizer.ggml.merges")?
        .iter()
        .map(|m| match m.split_once(' ') {
            Some((a, b)) => Ok((a.to_owned(), b.to_owned())),
            None => candle_core::bail!("the model file has a malformed merge `{m}`"),
        })
        .collect::<Result<Vec<_>>>()?;
    let bpe = BPE::builder()
        .vocab_and_merges(vocab, merges)
        .build()
        .map_err(candle_core::Error::msg)?;
    let mut tokenizer = Tokenizer::new(bpe);
    let pieces = Split::new(
        SplitPattern::Regex(PIECES.into()),
        SplitDelimiterBehavior::Isolated,
        false,
    )
    .map_err(candle_core::Error::msg)?;
    tokenizer.with_pre_tokenizer(Some(Sequence::new(vec![
        pieces.into(),
        ByteLevel::new(false, false, false).into(),
    ])));
    tokenizer.add_special_tokens(&CHAT_MARKERS.map(|m| AddedToken::from(m, true)));
    Ok(tokenizer)
}

pub struct Qwen2 {
    /// Token embeddings, kept in half precision: the table is the largest tensor of the
    /// model and every row is needed only as the prompt reaches it.
    embed: Tensor,
    layers: Vec<Layer>,
    norm: Tensor,
    eps: f32,
    heads: usize,
    kv_heads: usize,
    head_dim: usize,
    cos: Tensor,
    sin: Tensor,
}

struct Layer {
    attn_norm: Tensor,
    q: QMatMul,
    k: QMatMul,
    v: QMatMul,
    q_bias: Tensor,
    k_bias: Tensor,
    v_bias: Tensor,
    out: QMatMul,
    ffn_norm: Tensor,
    gate: QMatMul,
    up: QMatMul,
    down: QMatMul,
}

/// The keys and values of a run of tokens, one pair per layer, ready to be attended to.
pub struct Past {
    kv: Vec<(Tensor, Tensor)>,
    len: usize,
}

impl Qwen2 {
    pub fn load<R: std::io::Read + std::io::Seek>(
        gguf: &gguf_file::Content,
        reader: &mut R,
    ) -> Result<Qwen2> {
        let dev = &Device::Cpu;
        let meta = |key: &str| match gguf.metadata.get(&format!("qwen2.{key}")) {
            Some(v) => Ok(v),
            None => candle_core::bail!("the model file has no qwen2.{key}"),
        };
        let heads = meta("attention.head_count")?.to_u32()? as usize;
        let kv_heads = meta("attention.head_count_kv")?.to_u32()? as usize;
        let width = meta("embedding_length")?.to_u32()? as usize;
        let depth = meta("block_count")?.to_u32()? as usize;
        let context = meta("context_length")?.to_u32()? as usize;
        let eps = meta("attention.layer_norm_rms_epsilon")?.to_f32()?;
        let base = meta("rope.freq_base")?.to_f32()?;
        let head_dim = width / heads;

        let mut qtensor = |name: &str| gguf.tensor(reader, name, dev);
        let embed = qtensor("token_embd.weight")?
            .dequantize(dev)?
            .to_dtype(DType::F16)?;
        let norm = qtensor("output_norm.weight")?.dequantize(dev)?;
        let mut layers = Vec::with_capacity(depth);
        for i in 0..depth {
            let mut q = |part: &str| qtensor(&format!("blk.{i}.{part}"));
            layers.push(Layer {
                attn_norm: q("attn_norm.weight")?.dequantize(dev)?,
                q: QMatMul::from_qtensor(q("attn_q.weight")?)?,
                k: QMatMul::from_qtensor(q("attn_k.weight")?)?,
                v: QMatMul::from_qtensor(q("attn_v.weight")?)?,
                q_bias: q("attn_q.bias")?.dequantize(dev)?,
                k_bias: q("attn_k.bias")?.dequantize(dev)?,
                v_bias: q("attn_v.bias")?.dequantize(dev)?,
                out: QMatMul::from_qtensor(q("attn_output.weight")?)?,
                ffn_norm: q("ffn_norm.weight")?.dequantize(dev)?,
                gate: QMatMul::from_qtensor(q("ffn_gate.weight")?)?,
                up: QMatMul::from_qtensor(q("ffn_up.weight")?)?,
                down: QMatMul::from_qtensor(q("ffn_down.weight")?)?,
            });
        }
        // Rotary position angles: position p turns dimension pair i by p / base^(2i/d).
        let inv: Vec<f32> = (0..head_dim / 2)
            .map(|i| 1.0 / base.powf((2 * i) as f32 / head_dim as f32))
            .collect();
        let inv = Tensor::new(inv.as_slice(), dev)?.unsqueeze(0)?;
        let pos = Tensor::arange(0, context as u32, dev)?
            .to_dtype(DType::F32)?
            .unsqueeze(1)?;
        let angles = pos.broadcast_mul(&inv)?;
        Ok(Qwen2 {
            embed,
            layers,
            norm,
            eps,
            heads,
            kv_heads,
            head_dim,
            cos: angles.cos()?,
            sin: angles.sin()?,
        })
    }

    /// Runs `ids` from the start and keeps their keys and values.
    pub fn past(&self, ids: &[u32]) -> Result<Past> {
        let empty = Past {
            kv: Vec::new(),
            len: 0,
        };
        Ok(self.run(&empty, ids)?.1)
    }

    /// The output of the last of `ids` read after `past`: its hidden state after the final
    /// norm, whose dot product with a token's embedding is that token's logit.
    pub fn last_state(&self, past: &Past, ids: &[u32]) -> Result<Tensor> {
        let (h, _) = self.run(past, ids)?;
        let t = ids.len();
        h.i((0, t - 1))
    }

    /// The logit of token `id` for the state `last_state` returned.
    pub fn logit(&self, state: &Tensor, id: u32) -> Result<f32> {
        let row = self.embed.i(id as usize)?.to_dtype(DType::F32)?;
        (state * row)?.sum_all()?.to_scalar::<f32>()
    }

    fn run(&self, past: &Past, ids: &[u32]) -> Result<(Tensor, Past)> {
        let dev = &Device::Cpu;
        let t = ids.len();
        let start = past.len;
        let ids = Tensor::new(ids, dev)?;
        let mut x = self
            .embed
            .index_select(&ids, 0)?
            .to_dtype(DType::F32)?
            .unsqueeze(0)?;
        // A new token sees the whole past and the new tokens up to itself.
        let mask: Vec<f32> = (0..t)
            .flat_map(|i| {
                (0..start + t).map(move |j| {
                    if j > start + i {
                        f32::NEG_INFINITY
                    } else {
                        0.0
                    }
                })
            })
            .collect();
        let mask = Tensor::from_vec(mask, (t, start + t), dev)?;
        let cos = self.cos.narrow(0, start, t)?;
        let sin = self.sin.narrow(0, start, t)?;
        let mut kv = Vec::with_capacity(self.layers.len());
        for (n, layer) in self.layers.iter().enumerate() {
            let h = rms_norm(&x, &layer.attn_norm, self.eps)?;
            let heads = |w: &QMatMul, b: &Tensor, count: usize| -> Result<Tensor> {
                w.forward(&h)?
                    .broadcast_add(b)?
                    .reshape((1, t, count, self.head_dim))?
                    .transpose(1, 2)?
                    .contiguous()
            };
            let q = rope(&heads(&layer.q, &layer.q_bias, self.heads)?, &cos, &sin)?;
            let k = rope(&heads(&layer.k, &layer.k_bias, self.kv_heads)?, &cos, &sin)?;
            let v = heads(&layer.v, &layer.v_bias, self.kv_heads)?;
            let (k, v) = match past.kv.get(n) {
                Some((pk, pv)) => (Tensor::cat(&[pk, &k], 2)?, Tensor::cat(&[pv, &v], 2)?),
                None => (k, v),
            };
            kv.push((k.clone(), v.clone()));
            // Grouped-query attention: each key/value head serves `heads / kv_heads` query heads.
            let group = self.heads / self.kv_heads;
            let q = q.reshape((self.kv_heads, group * t, self.head_dim))?;
            let k = k.squeeze(0)?;
            let v = v.squeeze(0)?;
            let scores = (q.matmul(&k.t()?)? / (self.head_dim as f64).sqrt())?
                .reshape((self.kv_heads, group, t, start + t))?
                .broadcast_add(&mask)?;
            let weights =
                softmax_last_dim(&scores)?.reshape((self.kv_heads, group * t, start + t))?;
            let a = weights
                .matmul(&v.contiguous()?)?
                .reshape((self.heads, t, self.head_dim))?
                .transpose(0, 1)?
                .reshape((1, t, self.heads * self.head_dim))?;
            x = (x + layer.out.forward(&a)?)?;
            let h = rms_norm(&x, &layer.ffn_norm, self.eps)?;
            let m = (silu(&layer.gate.forward(&h)?)? * layer.up.forward(&h)?)?;
            x = (x + layer.down.forward(&m)?)?;
        }
        let x = rms_norm(&x, &self.norm, self.eps)?;
        Ok((x, Past { kv, len: start + t }))
    }
}
