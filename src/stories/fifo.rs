//! A first-in first-out sequence with stable global positions, stored in
//! fixed-size chunks: memory follows the number of live elements (at most
//! one partly used chunk at each end, plus one spare), where a `VecDeque`
//! would keep up to twice what it ever held.

use std::collections::VecDeque;

/// Elements per chunk.
const CHUNK: usize = 4096;

#[derive(Debug)]
pub(crate) struct Fifo<T> {
    chunks: VecDeque<Box<[T]>>,
    /// Global position of `chunks[0][0]`.
    chunk_base: u64,
    /// Global position of the first live element.
    head: u64,
    /// Global position one past the last element.
    tail: u64,
    spare: Option<Box<[T]>>,
}

impl<T: Copy + Default> Fifo<T> {
    pub(crate) fn new() -> Fifo<T> {
        Fifo {
            chunks: VecDeque::new(),
            chunk_base: 0,
            head: 0,
            tail: 0,
            spare: None,
        }
    }

    pub(crate) fn len(&self) -> usize {
        usize::try_from(self.tail - self.head).unwrap_or(usize::MAX)
    }

    /// Global position of the first live element.
    pub(crate) fn head(&self) -> u64 {
        self.head
    }

    /// Global position the next pushed element gets.
    pub(crate) fn tail(&self) -> u64 {
        self.tail
    }

    fn locate(&self, pos: u64) -> Option<(usize, usize)> {
        if pos < self.head || pos >= self.tail {
            return None;
        }
        let offset = usize::try_from(pos - self.chunk_base).ok()?;
        Some((offset / CHUNK, offset % CHUNK))
    }

    pub(crate) fn get(&self, pos: u64) -> Option<&T> {
        let (c, i) = self.locate(pos)?;
        self.chunks.get(c)?.get(i)
    }

    pub(crate) fn get_mut(&mut self, pos: u64) -> Option<&mut T> {
        let (c, i) = self.locate(pos)?;
        self.chunks.get_mut(c)?.get_mut(i)
    }

    pub(crate) fn front(&self) -> Option<&T> {
        self.get(self.head)
    }

    /// Appends `value` and returns its global position.
    pub(crate) fn push(&mut self, value: T) -> u64 {
        let offset = usize::try_from(self.tail - self.chunk_base).unwrap_or(usize::MAX);
        if offset / CHUNK >= self.chunks.len() {
            let chunk = self
                .spare
                .take()
                .unwrap_or_else(|| vec![T::default(); CHUNK].into_boxed_slice());
            self.chunks.push_back(chunk);
        }
        if let Some(slot) = self
            .chunks
            .get_mut(offset / CHUNK)
            .and_then(|c| c.get_mut(offset % CHUNK))
        {
            *slot = value;
        }
        let pos = self.tail;
        self.tail += 1;
        pos
    }

    /// Removes and returns the first element.
    pub(crate) fn pop(&mut self) -> Option<T> {
        let value = *self.front()?;
        self.head += 1;
        // Release the first chunk once all of it is consumed.
        if self.head - self.chunk_base >= CHUNK as u64 {
            if let Some(chunk) = self.chunks.pop_front() {
                self.spare = Some(chunk);
            }
            self.chunk_base += CHUNK as u64;
        }
        Some(value)
    }

    /// Heap bytes held.
    pub(crate) fn memory_bytes(&self) -> usize {
        let chunk = CHUNK * size_of::<T>();
        (self.chunks.len() + usize::from(self.spare.is_some())) * chunk
            + self.chunks.capacity() * size_of::<Box<[T]>>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_pop_and_positions() {
        let mut f: Fifo<u32> = Fifo::new();
        assert_eq!(f.pop(), None);
        for i in 0..10_000u32 {
            assert_eq!(f.push(i), u64::from(i));
        }
        assert_eq!(f.len(), 10_000);
        for i in 0..9_000u32 {
            assert_eq!(f.pop(), Some(i));
        }
        assert_eq!(f.get(8_999), None);
        assert_eq!(f.get(9_000), Some(&9_000));
        assert_eq!(f.get(10_000), None);
        for i in 10_000..20_000u32 {
            f.push(i);
        }
        assert_eq!(f.front(), Some(&9_000));
        assert_eq!(f.get(19_999), Some(&19_999));
        assert_eq!(f.len(), 11_000);
        // At most one partial chunk at each end, plus the spare.
        assert!(f.memory_bytes() <= (11_000 / CHUNK + 3) * CHUNK * 4 + 1024);
        while f.pop().is_some() {}
        assert_eq!(f.len(), 0);
        assert_eq!(f.head(), 20_000);
        assert_eq!(f.tail(), 20_000);
    }
}
