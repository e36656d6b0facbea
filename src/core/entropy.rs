//! Shannon entropy of a document's bytes: per block of the whole file (for
//! the entropy strip, which shows compressed or encrypted regions against
//! padding and text at a glance) and byte histograms of a range (for the
//! histogram panel).
//!
//! The file is cut into fixed blocks (a power of two, at most
//! [`MAX_BLOCKS`] of them) and the strip aggregates blocks into its cells,
//! so the values do not depend on the terminal's height. After an edit only
//! the blocks whose pieces changed are counted again ([`dirty_blocks`]).

use std::ops::{ControlFlow, Range};

use super::snapshot::Snapshot;

/// The most blocks a file is cut into.
pub const MAX_BLOCKS: u64 = 4096;
/// The smallest block: smaller ones could not reach 8 bits (a block of n
/// bytes has at most log2(n) bits of entropy per byte), and random data
/// would look less random than it is.
pub const MIN_BLOCK: u64 = 4096;

/// Entropy below this (bits per byte) is "low": padding, tables, sparse
/// data.
pub const LOW: f32 = 2.0;
/// Entropy above this is "high": compressed or encrypted data.
pub const HIGH: f32 = 7.0;

/// Which of three bands a block's entropy is in; the jump keys move to
/// where the band changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Band {
    Low,
    Mid,
    High,
}

impl Band {
    pub fn of(bits: f32) -> Band {
        if bits < LOW {
            Band::Low
        } else if bits > HIGH {
            Band::High
        } else {
            Band::Mid
        }
    }
}

/// Counts of each byte value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Histogram {
    pub counts: [u64; 256],
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram { counts: [0; 256] }
    }
}

impl Histogram {
    /// Counts `bytes` in. Four tables of u32 take turns so that runs of one
    /// byte value do not wait on the previous increment of the same counter.
    pub fn add(&mut self, bytes: &[u8]) {
        // u32 counters cannot overflow within a chunk of this size.
        const CHUNK: usize = 1 << 30;
        for chunk in bytes.chunks(CHUNK) {
            let mut t = [[0u32; 256]; 4];
            let mut quads = chunk.chunks_exact(4);
            for q in &mut quads {
                t[0][q[0] as usize] += 1;
                t[1][q[1] as usize] += 1;
                t[2][q[2] as usize] += 1;
                t[3][q[3] as usize] += 1;
            }
            for &b in quads.remainder() {
                t[0][b as usize] += 1;
            }
            for (i, c) in self.counts.iter_mut().enumerate() {
                *c += (t[0][i] + t[1][i] + t[2][i] + t[3][i]) as u64;
            }
        }
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Shannon entropy in bits per byte, 0 (one value) to 8 (all 256
    /// equally often); 0 for no bytes.
    pub fn entropy(&self) -> f64 {
        entropy_bits(&self.counts)
    }

    /// The `n` most frequent byte values with their counts, most frequent
    /// first (ties: the smaller value first); values never seen are left
    /// out.
    pub fn top(&self, n: usize) -> Vec<(u8, u64)> {
        let mut v: Vec<(u8, u64)> = (0..=255u8)
            .map(|b| (b, self.counts[b as usize]))
            .filter(|&(_, c)| c > 0)
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(n);
        v
    }
}

/// Shannon entropy of a distribution of byte counts, in bits per byte:
/// log2(N) − Σ c·log2(c) / N, which needs no division per value.
/// (`log2` is the `libm` crate's: `f64::log2` is the only function the
/// binary would take from the system's libm, a library that costs some
/// 300 KiB of memory once loaded.)
pub fn entropy_bits(counts: &[u64; 256]) -> f64 {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return 0.0;
    }
    let sum: f64 = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let c = c as f64;
            c * libm::log2(c)
        })
        .sum();
    let nf = n as f64;
    (libm::log2(nf) - sum / nf).clamp(0.0, 8.0)
}

/// The histogram of `range` of a snapshot; `progress` gets the offset
/// reached and may stop it (then `None`).
pub fn histogram_range(
    snap: &Snapshot,
    range: Range<u64>,
    progress: &mut impl FnMut(u64) -> ControlFlow<()>,
) -> Option<Histogram> {
    const STEP: usize = 1 << 20;
    let mut h = Histogram::default();
    let r = snap.for_each_slice(range, |at, bytes| {
        for (i, part) in bytes.chunks(STEP).enumerate() {
            h.add(part);
            progress(at + (i * STEP + part.len()) as u64)?;
        }
        ControlFlow::Continue(())
    });
    r.is_continue().then_some(h)
}

/// The block size for a file of `len` bytes.
pub fn block_size_for(len: u64) -> u64 {
    len.div_ceil(MAX_BLOCKS).max(MIN_BLOCK).next_power_of_two()
}

/// The entropy of each block of a document at one version.
#[derive(Clone, Debug, PartialEq)]
pub struct EntropyMap {
    /// Bytes per block (the last block may be shorter).
    pub block: u64,
    /// The document's length.
    pub len: u64,
    /// Bits per byte of each block.
    pub blocks: Vec<f32>,
}

impl EntropyMap {
    /// The entropy of every block of `snap`, reusing `base`'s values for
    /// the blocks not in `dirty` (all blocks are counted when `dirty` is
    /// `None` or `base` has another block size). `progress` gets the offset
    /// reached and may stop the work (then `None`).
    pub fn compute(
        snap: &Snapshot,
        base: Option<&EntropyMap>,
        dirty: Option<&[u64]>,
        progress: &mut impl FnMut(u64) -> ControlFlow<()>,
    ) -> Option<EntropyMap> {
        let len = snap.len();
        let block = block_size_for(len);
        let count = len.div_ceil(block);
        let mut map = EntropyMap {
            block,
            len,
            blocks: vec![0.0; count as usize],
        };
        let todo: Vec<u64> = match (base, dirty) {
            (Some(b), Some(d)) if b.block == block => {
                let keep = b.blocks.len().min(map.blocks.len());
                map.blocks[..keep].copy_from_slice(&b.blocks[..keep]);
                let mut d: Vec<u64> = d.iter().copied().filter(|&i| i < count).collect();
                d.extend(b.blocks.len() as u64..count);
                d.sort_unstable();
                d.dedup();
                d
            }
            _ => (0..count).collect(),
        };
        // Contiguous runs of blocks are read as one range, so an untouched
        // file is one pass over its map.
        let mut i = 0;
        while i < todo.len() {
            let mut j = i + 1;
            while j < todo.len() && todo[j] == todo[j - 1] + 1 {
                j += 1;
            }
            let first = todo[i];
            map.fill_run(snap, first..todo[j - 1] + 1, progress)?;
            i = j;
        }
        Some(map)
    }

    /// Counts the blocks of `run` and stores their entropy.
    fn fill_run(
        &mut self,
        snap: &Snapshot,
        run: Range<u64>,
        progress: &mut impl FnMut(u64) -> ControlFlow<()>,
    ) -> Option<()> {
        let block = self.block;
        let mut h = Histogram::default();
        let mut index = run.start;
        let mut in_block = 0u64;
        let range = run.start * block..(run.end * block).min(self.len);
        let r = snap.for_each_slice(range, |_, mut bytes| {
            while !bytes.is_empty() {
                let take = ((block - in_block) as usize).min(bytes.len());
                h.add(&bytes[..take]);
                bytes = &bytes[take..];
                in_block += take as u64;
                if in_block == block {
                    self.blocks[index as usize] = h.entropy() as f32;
                    h = Histogram::default();
                    in_block = 0;
                    index += 1;
                    progress(index * block)?;
                }
            }
            ControlFlow::Continue(())
        });
        if r.is_break() {
            return None;
        }
        if in_block > 0 {
            self.blocks[index as usize] = h.entropy() as f32;
        }
        Some(())
    }

    /// Which block holds `offset`.
    pub fn block_of(&self, offset: u64) -> usize {
        ((offset / self.block) as usize).min(self.blocks.len().saturating_sub(1))
    }

    /// The bytes cell `i` of a strip of `cells` cells stands for.
    pub fn cell_range(&self, i: usize, cells: usize) -> Range<u64> {
        let cells = cells.max(1) as u128;
        let at = |i: u128| (self.len as u128 * i).div_ceil(cells) as u64;
        at(i as u128)..at(i as u128 + 1)
    }

    /// The cell of a strip of `cells` cells that shows `offset`.
    pub fn cell_of(&self, offset: u64, cells: usize) -> usize {
        if self.len == 0 {
            return 0;
        }
        let cell = (offset.min(self.len - 1) as u128 * cells as u128 / self.len as u128) as usize;
        cell.min(cells.saturating_sub(1))
    }

    /// The entropy each of `cells` cells shows: the mean of the blocks its
    /// bytes fall in, weighted by how many of its bytes each holds. A file
    /// shorter than the strip shows the same block in several cells.
    pub fn cells(&self, cells: usize) -> Vec<f32> {
        (0..cells)
            .map(|i| {
                let r = self.cell_range(i, cells);
                if self.blocks.is_empty() {
                    return 0.0;
                }
                if r.is_empty() {
                    return self.blocks[self.block_of(r.start)];
                }
                let (mut sum, mut n) = (0.0f64, 0u64);
                let mut at = r.start;
                while at < r.end {
                    let b = self.block_of(at);
                    let end = ((b as u64 + 1) * self.block).min(r.end);
                    sum += self.blocks[b] as f64 * (end - at) as f64;
                    n += end - at;
                    at = end;
                }
                (sum / n as f64) as f32
            })
            .collect()
    }

    /// The start of the next block after `offset` whose band differs from
    /// the band at `offset` (forward), or the start of the band region
    /// before `offset` (backward): where a high- or low-entropy region
    /// begins or ends.
    pub fn boundary(&self, offset: u64, forward: bool) -> Option<u64> {
        if self.blocks.is_empty() {
            return None;
        }
        let band = |i: usize| Band::of(self.blocks[i]);
        let here = self.block_of(offset);
        if forward {
            let b = band(here);
            (here + 1..self.blocks.len())
                .find(|&i| band(i) != b)
                .map(|i| i as u64 * self.block)
        } else {
            // From the block before the cursor's, back to where its band
            // begins: a cursor at a region's start goes to the one before.
            let mut i = if offset > here as u64 * self.block {
                here
            } else {
                here.checked_sub(1)?
            };
            let b = band(i);
            while i > 0 && band(i - 1) == b {
                i -= 1;
            }
            Some(i as u64 * self.block)
        }
    }
}

/// The blocks of `map` whose bytes may differ between `old` (the snapshot
/// `map` was computed from) and `new`, in order: those over a range where
/// the two trees map the bytes differently (see
/// [`PieceTree::changed_since`](super::piece::PieceTree::changed_since):
/// pieces point into append-only buffers and sources that never change
/// under a snapshot, so the same mapping is the same bytes), blocks `map`
/// does not have, and a last block that got shorter. The cost follows the
/// edits since `old`, not the pieces: the strip asks at every key.
pub fn dirty_blocks(map: &EntropyMap, old: &Snapshot, new: &Snapshot) -> Vec<u64> {
    let count = new.len().div_ceil(map.block);
    // A save's rebase gives the document new sources: count everything.
    if !std::sync::Arc::ptr_eq(&old.sources, &new.sources) {
        return (0..count).collect();
    }
    let mut dirty: Vec<u64> = Vec::new();
    new.tree.changed_since(&old.tree, &mut |r| {
        // Ranges come in order: a block is marked once.
        let from = dirty.last().map_or(0, |&last| last + 1);
        dirty.extend((r.start / map.block).max(from)..r.end.div_ceil(map.block));
    });
    if new.len() < old.len() && count > 0 {
        dirty.push(count - 1);
    }
    dirty.extend(map.blocks.len() as u64..count);
    dirty.sort_unstable();
    dirty.dedup();
    dirty
}

#[cfg(test)]
#[path = "entropy/tests.rs"]
mod tests;
