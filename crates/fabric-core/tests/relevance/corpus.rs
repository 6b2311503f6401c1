//! Synthetic but honest recall corpora: memories grouped in topics and sub-topics, each
//! query asking for one sub-topic, whose memories are the judged relevant ones.
//!
//! Text and vectors are made to fail differently, as real ones do: a memory mentions its
//! sub-topic's specific words only with some probability (text misses it then), and its
//! embedding is its sub-topic's point plus noise, close to the sibling sub-topics of the same
//! topic (vectors confuse those). Nothing is derived from the answers: queries draw their own
//! words and their own noise.
//!
//! Two generators, made apart: [`tuning`] (the split the code may be looked at against) and
//! [`held_out`] (other sizes, other word forms, other noise; never tuned on).

/// A deterministic generator (SplitMix64).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    pub(crate) fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// An index drawn with Zipf-like weights `1 / (i + 1)`.
    pub(crate) fn zipf(&mut self, n: usize) -> usize {
        let total: f64 = (1..=n).map(|i| 1.0 / i as f64).sum();
        let mut target = self.unit() * total;
        for i in 0..n {
            target -= 1.0 / (i + 1) as f64;
            if target <= 0.0 {
                return i;
            }
        }
        n - 1
    }
}

/// One memory: its text and embedding.
pub(crate) struct Memory {
    pub(crate) content: String,
    pub(crate) embedding: Vec<f32>,
}

/// One query and the memories judged relevant to it (indexes into the corpus).
pub(crate) struct Query {
    pub(crate) text: String,
    pub(crate) vector: Vec<f32>,
    pub(crate) relevant: Vec<usize>,
}

pub(crate) struct Corpus {
    pub(crate) name: &'static str,
    pub(crate) memories: Vec<Memory>,
    pub(crate) queries: Vec<Query>,
}

const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mi", "ren", "tu", "sa", "vor", "ne", "pi", "dal", "qu", "ex", "zo", "bri", "fen",
    "gu", "hal", "jo", "ly", "mor", "nu", "os", "ter", "wy",
];

const COMMON: [&str; 60] = [
    "the", "user", "said", "about", "remember", "that", "they", "want", "need", "next", "week",
    "today", "asked", "again", "later", "maybe", "also", "with", "from", "into", "over", "after",
    "before", "because", "while", "should", "would", "could", "really", "often", "never", "always",
    "some", "more", "less", "first", "last", "new", "old", "good", "bad", "time", "plan", "note",
    "idea", "thing", "people", "team", "call", "email", "meeting", "project", "home", "work",
    "trip", "day", "night", "morning", "evening", "weekend",
];

/// A pseudo-word of 2 or 3 syllables, distinct from those already made.
fn word(rng: &mut Rng, made: &mut std::collections::HashSet<String>) -> String {
    loop {
        let parts = 2 + rng.below(2);
        let text: String = (0..parts).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect();
        if made.insert(text.clone()) {
            return text;
        }
    }
}

fn unit_vector(rng: &mut Rng, dimensions: usize) -> Vec<f64> {
    let raw: Vec<f64> = (0..dimensions).map(|_| rng.normal()).collect();
    let norm = raw.iter().map(|x| x * x).sum::<f64>().sqrt();
    raw.into_iter().map(|x| x / norm).collect()
}

fn add_scaled(base: &[f64], other: &[f64], scale: f64) -> Vec<f64> {
    base.iter().zip(other).map(|(a, b)| a + scale * b).collect()
}

fn to_f32(vector: &[f64]) -> Vec<f32> {
    vector.iter().map(|x| *x as f32).collect()
}

/// How a generator shapes its corpus.
struct Shape {
    name: &'static str,
    seed: u64,
    topics: usize,
    subtopics: usize,
    /// Memories per sub-topic: `min..=max`.
    per_subtopic: (usize, usize),
    topic_words: usize,
    specific_words: usize,
    /// Probability that a memory mentions each of its sub-topic's specific words.
    mention: f64,
    /// Common words per memory: `min..=max`.
    filler: (usize, usize),
    dimensions: usize,
    /// Spread of sub-topics around their topic, and of memories and queries around their
    /// sub-topic.
    subtopic_spread: f64,
    memory_noise: f64,
    query_noise: f64,
    /// Noise drawn uniform in `[-a, a]` per dimension rather than normal.
    uniform_noise: bool,
    /// Queries use inflected forms (plural, -ing) of the words.
    inflect_queries: bool,
    queries: usize,
}

fn inflect(word: &str, rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => format!("{word}s"),
        1 => format!("{word}ing"),
        _ => word.to_owned(),
    }
}

fn noise(rng: &mut Rng, dimensions: usize, scale: f64, uniform: bool) -> Vec<f64> {
    (0..dimensions)
        .map(|_| {
            if uniform {
                (rng.unit() * 2.0 - 1.0) * scale * 3f64.sqrt()
            } else {
                rng.normal() * scale
            }
        })
        .collect()
}

fn generate(shape: &Shape) -> Corpus {
    let mut rng = Rng::new(shape.seed);
    let mut made = std::collections::HashSet::new();
    let per_dimension = 1.0 / (shape.dimensions as f64).sqrt();
    let mut memories = Vec::new();
    let mut subtopics = Vec::new(); // (topic words, specific words, point, memory indexes)
    for _ in 0..shape.topics {
        let topic_words: Vec<String> =
            (0..shape.topic_words).map(|_| word(&mut rng, &mut made)).collect();
        let centroid = unit_vector(&mut rng, shape.dimensions);
        for _ in 0..shape.subtopics {
            let specific: Vec<String> =
                (0..shape.specific_words).map(|_| word(&mut rng, &mut made)).collect();
            let offset = unit_vector(&mut rng, shape.dimensions);
            let point = add_scaled(&centroid, &offset, shape.subtopic_spread);
            let (low, high) = shape.per_subtopic;
            let count = low + rng.below(high - low + 1);
            let mut members = Vec::new();
            for _ in 0..count {
                let mut words: Vec<String> = Vec::new();
                for specific_word in &specific {
                    if rng.unit() < shape.mention {
                        words.push(specific_word.clone());
                    }
                }
                for _ in 0..2 + rng.below(3) {
                    words.push(topic_words[rng.zipf(topic_words.len())].clone());
                }
                let (low, high) = shape.filler;
                for _ in 0..low + rng.below(high - low + 1) {
                    words.push(COMMON[rng.zipf(COMMON.len())].to_owned());
                }
                // Shuffle (Fisher–Yates).
                for i in (1..words.len()).rev() {
                    words.swap(i, rng.below(i + 1));
                }
                let mut content = words.join(" ");
                content.push('.');
                let embedding = add_scaled(
                    &point,
                    &noise(&mut rng, shape.dimensions, 1.0, shape.uniform_noise),
                    shape.memory_noise * per_dimension,
                );
                members.push(memories.len());
                memories.push(Memory { content, embedding: to_f32(&embedding) });
            }
            subtopics.push((topic_words.clone(), specific, point, members));
        }
    }
    let mut queries = Vec::new();
    for _ in 0..shape.queries {
        let index = rng.below(subtopics.len());
        let (topic_words, specific, point, members) = &subtopics[index];
        let mut words = vec![specific[rng.below(specific.len())].clone()];
        words.push(topic_words[rng.zipf(topic_words.len())].clone());
        if rng.unit() < 0.5 {
            words.push(COMMON[rng.below(COMMON.len())].to_owned());
        }
        if shape.inflect_queries {
            words = words.iter().map(|word| inflect(word, &mut rng)).collect();
        }
        let vector = add_scaled(
            point,
            &noise(&mut rng, shape.dimensions, 1.0, shape.uniform_noise),
            shape.query_noise * per_dimension,
        );
        queries.push(Query {
            text: words.join(" "),
            vector: to_f32(&vector),
            relevant: members.clone(),
        });
    }
    Corpus { name: shape.name, memories, queries }
}

/// The split the code may be looked at against: 40 topics of 10 sub-topics of 5 memories.
pub(crate) fn tuning() -> Corpus {
    generate(&Shape {
        name: "tuning",
        seed: 7,
        topics: 40,
        subtopics: 10,
        per_subtopic: (5, 5),
        topic_words: 25,
        specific_words: 3,
        mention: 0.6,
        filler: (6, 14),
        dimensions: 64,
        subtopic_spread: 0.6,
        memory_noise: 0.9,
        query_noise: 0.9,
        uniform_noise: false,
        inflect_queries: false,
        queries: 100,
    })
}

/// The held-out split, generated differently: 25 topics of 16 sub-topics of 4 to 7 memories,
/// longer memories, inflected query words, uniform noise of another size. Never tuned on.
pub(crate) fn held_out() -> Corpus {
    generate(&Shape {
        name: "held-out",
        seed: 20_261_201,
        topics: 25,
        subtopics: 16,
        per_subtopic: (4, 7),
        topic_words: 40,
        specific_words: 4,
        mention: 0.5,
        filler: (10, 24),
        dimensions: 96,
        subtopic_spread: 0.5,
        memory_noise: 1.1,
        query_noise: 0.8,
        uniform_noise: true,
        inflect_queries: true,
        queries: 80,
    })
}
