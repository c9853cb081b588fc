//! The nomic-bert encoder (nomic-embed-text-v1.5), read from its GGUF file.
//!
//! nomic-bert is a BERT-shaped encoder with three differences that matter for inference:
//! rotary position embeddings (the halves of each head rotated, as in GPT-NeoX) instead of
//! learned positions, a gated feed-forward layer (SiLU), and no biases in its linear
//! layers. It keeps BERT's normalisation after each block and BERT's word pieces, which the
//! GGUF file lists in its metadata, so the file alone is the model. Names follow the GGUF
//! export (`token_embd.weight`, `blk.N.attn_qkv.weight`, ...).

use std::collections::HashMap;
use std::path::Path;

use candle_core::quantized::gguf_file;
use candle_core::{D, DType, Device, Module, Result, Tensor};
use candle_nn::{Embedding, LayerNorm, Linear};
use tokenizers::Tokenizer;
use tokenizers::models::wordpiece::WordPiece;
use tokenizers::normalizers::BertNormalizer;
use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
use tokenizers::processors::bert::BertProcessing;

/// The model was trained with a task prefix on every text; this is the one for comparing
/// short texts by their meaning, the task the merge asks of it.
pub const PREFIX: &str = "classification: ";

struct Layer {
    qkv: Linear,
    out: Linear,
    attention_norm: LayerNorm,
    up: Linear,
    gate: Linear,
    down: Linear,
    output_norm: LayerNorm,
}

pub struct NomicBert {
    words: Embedding,
    /// The embedding of token type 0, the only type a single sentence has.
    token_type: Tensor,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
    heads: usize,
    rope_base: f32,
}

impl NomicBert {
    /// The encoder and its word-piece tokenizer, from a GGUF file.
    pub fn load(path: &Path) -> Result<(NomicBert, Tokenizer)> {
        let device = Device::Cpu;
        let mut file = std::fs::File::open(path)?;
        let content = gguf_file::Content::read(&mut file)?;
        let meta = |key: &str| {
            content
                .metadata
                .get(&format!("nomic-bert.{key}"))
                .ok_or_else(|| candle_core::Error::Msg(format!("no nomic-bert.{key} in the file")))
        };
        let heads = meta("attention.head_count")?.to_u32()? as usize;
        let blocks = meta("block_count")?.to_u32()? as usize;
        let eps = f64::from(meta("attention.layer_norm_epsilon")?.to_f32()?);
        let rope_base = meta("rope.freq_base")?.to_f32()?;

        let mut tensors = HashMap::new();
        for name in content.tensor_infos.keys() {
            let t = content.tensor(&mut file, name, &device)?;
            tensors.insert(name.clone(), t.dequantize(&device)?);
        }
        let weight = |name: &str| {
            tensors
                .get(name)
                .cloned()
                .ok_or_else(|| candle_core::Error::Msg(format!("no tensor {name} in the file")))
        };
        let linear = |name: &str| Ok::<_, candle_core::Error>(Linear::new(weight(name)?, None));
        let norm = |name: &str| {
            Ok::<_, candle_core::Error>(LayerNorm::new(
                weight(&format!("{name}.weight"))?,
                weight(&format!("{name}.bias"))?,
                eps,
            ))
        };
        let layers = (0..blocks)
            .map(|i| {
                let n = |part: &str| format!("blk.{i}.{part}");
                Ok(Layer {
                    qkv: linear(&n("attn_qkv.weight"))?,
                    out: linear(&n("attn_output.weight"))?,
                    attention_norm: norm(&n("attn_output_norm"))?,
                    up: linear(&n("ffn_up.weight"))?,
                    gate: linear(&n("ffn_gate.weight"))?,
                    down: linear(&n("ffn_down.weight"))?,
                    output_norm: norm(&n("layer_output_norm"))?,
                })
            })
            .collect::<Result<_>>()?;
        let words = weight("token_embd.weight")?;
        let hidden = words.dim(1)?;
        let model = NomicBert {
            words: Embedding::new(words, hidden),
            token_type: weight("token_types.weight")?.get(0)?,
            embedding_norm: norm("token_embd_norm")?,
            layers,
            heads,
            rope_base,
        };
        let tokenizer = tokenizer(&content)?;
        Ok((model, tokenizer))
    }

    /// Token states `[batch, tokens, hidden]` for word-piece ids `[batch, tokens]`; `mask`
    /// is 1 for real tokens and 0 for padding, which no token attends to.
    pub fn forward(&self, ids: &Tensor, mask: &Tensor) -> Result<Tensor> {
        let (batch, tokens) = ids.dims2()?;
        let x = self.words.forward(ids)?.broadcast_add(&self.token_type)?;
        let mut x = self.embedding_norm.forward(&x)?;
        let blocked = ((mask.ones_like()? - mask)?.to_dtype(DType::F32)? * f64::from(f32::MIN))?
            .reshape((batch, 1, 1, tokens))?;
        let (cos, sin) = self.rotation(tokens, x.dim(2)? / self.heads, x.device())?;
        for layer in &self.layers {
            x = self.layer(layer, &x, &blocked, &cos, &sin)?;
        }
        Ok(x)
    }

    fn layer(
        &self,
        l: &Layer,
        x: &Tensor,
        blocked: &Tensor,
        cos: &Tensor,
        sin: &Tensor,
    ) -> Result<Tensor> {
        let (batch, tokens, hidden) = x.dims3()?;
        let width = hidden / self.heads;
        let qkv = l.qkv.forward(x)?;
        let head = |i: usize| {
            qkv.narrow(2, i * hidden, hidden)?
                .reshape((batch, tokens, self.heads, width))?
                .transpose(1, 2)?
                .contiguous()
        };
        let q = candle_nn::rotary_emb::rope(&head(0)?, cos, sin)?;
        let k = candle_nn::rotary_emb::rope(&head(1)?, cos, sin)?;
        let v = head(2)?;
        let scores = (q.matmul(&k.t()?)? / (width as f64).sqrt())?.broadcast_add(blocked)?;
        let weights = candle_nn::ops::softmax_last_dim(&scores)?;
        let context = weights
            .matmul(&v)?
            .transpose(1, 2)?
            .reshape((batch, tokens, hidden))?;
        let x = l.attention_norm.forward(&(l.out.forward(&context)? + x)?)?;
        let inner = (l.up.forward(&x)? * candle_nn::ops::silu(&l.gate.forward(&x)?)?)?;
        l.output_norm.forward(&(l.down.forward(&inner)? + x)?)
    }

    /// The rotary tables `[tokens, width / 2]`: position times each pair's frequency.
    fn rotation(&self, tokens: usize, width: usize, device: &Device) -> Result<(Tensor, Tensor)> {
        let frequencies: Vec<f32> = (0..width / 2)
            .map(|i| self.rope_base.powf(-2.0 * i as f32 / width as f32))
            .collect();
        let frequencies = Tensor::from_vec(frequencies, (1, width / 2), device)?;
        let positions = Tensor::arange(0u32, tokens as u32, device)?
            .to_dtype(DType::F32)?
            .reshape((tokens, 1))?;
        let angles = positions.broadcast_mul(&frequencies)?;
        Ok((angles.cos()?, angles.sin()?))
    }
}

/// BERT's uncased word-piece tokenizer over the vocabulary in the file. The GGUF export
/// marks a word's first piece with "▁" and leaves continuations bare; BERT writes
/// continuations with "##" and first pieces bare.
fn tokenizer(content: &gguf_file::Content) -> Result<Tokenizer> {
    let tokens = content
        .metadata
        .get("tokenizer.ggml.tokens")
        .ok_or_else(|| candle_core::Error::Msg("no vocabulary in the file".into()))?
        .to_vec()?;
    let mut vocab = ahash::AHashMap::new();
    for (id, token) in tokens.iter().enumerate() {
        let token = token.to_string()?;
        let piece = match token.strip_prefix('▁') {
            Some(first) => first.to_owned(),
            None if token.starts_with('[') && token.ends_with(']') => token.clone(),
            None => format!("##{token}"),
        };
        vocab.insert(piece, id as u32);
    }
    let id = |t: &str| vocab.get(t).copied().unwrap_or_default();
    let (cls, sep) = (id("[CLS]"), id("[SEP]"));
    let pieces = WordPiece::builder()
        .vocab(vocab)
        .unk_token("[UNK]".into())
        .build()
        .map_err(candle_core::Error::wrap)?;
    let mut tokenizer = Tokenizer::new(pieces);
    tokenizer
        .with_normalizer(Some(BertNormalizer::new(true, true, None, true)))
        .with_pre_tokenizer(Some(BertPreTokenizer))
        .with_post_processor(Some(BertProcessing::new(
            ("[SEP]".into(), sep),
            ("[CLS]".into(), cls),
        )));
    Ok(tokenizer)
}

/// The model's own last step after mean pooling: each vector normalised over its
/// components (no learned scale), before the unit length the caller gives it.
pub fn standardise(pooled: &Tensor) -> Result<Tensor> {
    let centred = pooled.broadcast_sub(&pooled.mean_keepdim(D::Minus1)?)?;
    let spread = (centred.sqr()?.mean_keepdim(D::Minus1)? + 1e-5)?.sqrt()?;
    centred.broadcast_div(&spread)
}
