// What a frontend writes with the clients generated from docs/openapi.json, type-checked with
// `tsc --strict` by check.sh: the README's requests through the typescript-fetch client, and
// the same requests plus real responses of the service (written by GeneratedClientIntegrationTests)
// against openapi-typescript's types. A type that does not match what the service accepts or
// answers fails here.
import {
  ChildrenApi,
  Configuration,
  HeroesApi,
  ResponseError,
  ServiceApi,
  StoriesApi,
  type Problem,
  type Story,
} from '../../target/generated-clients/typescript-fetch';
import type { components } from '../../target/generated-clients/openapi-typescript/tales';

import childResponse from '../../target/api-responses/child.json';
import heroResponse from '../../target/api-responses/hero.json';
import problemResponse from '../../target/api-responses/problem.json';
import statsResponse from '../../target/api-responses/stats.json';
import storiesPage from '../../target/api-responses/stories-page.json';
import storyFields from '../../target/api-responses/story-fields.json';
import storyResponse from '../../target/api-responses/story.json';
import storyWithoutChild from '../../target/api-responses/story-without-child.json';

type Schemas = components['schemas'];

// --- the README's request bodies -----------------------------------------------------------
const alice: Schemas['ChildRequest'] = { name: 'Alice', age: 6, gender: 'girl', interests: ['dragons', 'space'] };

const dragonStory: Schemas['StoryRequest'] = {
  title: 'The Brave Little Dragon',
  content: 'Once upon a time…',
  moral: 'Courage grows when shared.',
  childId: '3b241101-e2bb-4255-8caf-4136c566a962',
  language: 'en',
  modelUsed: 'gpt-4o-mini',
  fullResponse: { choices: [{ text: 'Once upon a time…' }] },
};

const starsWithNewChild: Schemas['StoryRequest'] = {
  title: 'Сказка о звёздах',
  content: 'Жили-были…',
  moral: 'Дружба сильнее.',
  language: 'ru',
  child: { name: 'Misha', age: 5, gender: 'boy', interests: ['stars'] },
};

const rating: Schemas['RatingRequest'] = { rating: 9 };

const whiskers: Schemas['HeroRequest'] = {
  name: 'Captain Whiskers',
  gender: 'male',
  appearance: 'A ginger cat in a tiny blue cape',
  personalityTraits: ['brave'],
  strengths: ['climbing'],
  language: 'en',
};

// --- real responses of the service ------------------------------------------------------------
const child: Schemas['Child'] = childResponse;
const hero: Schemas['Hero'] = heroResponse;
const story: Schemas['Story'] = storyResponse;
const unnamedChildStory: Schemas['Story'] = storyWithoutChild;
const page: Schemas['PartialStory'][] = storiesPage;
const titles: Schemas['PartialStory'][] = storyFields;
const stats: Schemas['Stats'] = statsResponse;
const invalid: Schemas['Problem'] = problemResponse;

// --- the same flows through the typescript-fetch client ---------------------------------------
const configuration = new Configuration({
  basePath: 'http://localhost:8080',
  // the signed-in user's Supabase access token; not needed in the embedded default
  accessToken: async () => 'session-token',
});

export async function bedtime(audio: Blob): Promise<Story> {
  const children = new ChildrenApi(configuration);
  const stories = new StoriesApi(configuration);
  const created = await children.createChild({ childRequest: alice });
  const stored = await stories.createStory({ storyRequest: { ...dragonStory, childId: created.id } });
  await stories.createStory({ storyRequest: starsWithNewChild });
  const rated = await stories.rateStory({ id: stored.id, ratingRequest: rating });
  const firstPage = await stories.listStoriesRaw({ language: 'en', limit: 10, fields: ['id', 'title', 'createdAt'] });
  const next: string | null = firstPage.raw.headers.get('Link');
  const items = await firstPage.value();
  const firstTitle: string | undefined = items[0]?.title;
  await new HeroesApi(configuration).createHero({ heroRequest: whiskers });
  const narrated = await stories.uploadStoryAudio({
    id: rated.id,
    file: audio,
    provider: 'elevenlabs',
    metadata: JSON.stringify({ voice: 'Rachel' }),
  });
  const counts = await new ServiceApi(configuration).getStats();
  console.log(next, firstTitle, counts.averageRating ?? 'unrated', narrated.audioFileUrl ?? 'no audio');
  return narrated;
}

export async function problemOf(call: () => Promise<unknown>): Promise<Problem | undefined> {
  try {
    await call();
    return undefined;
  } catch (error) {
    if (error instanceof ResponseError) {
      return (await error.response.json()) as Problem;
    }
    throw error;
  }
}

export const checked = { child, hero, story, unnamedChildStory, page, titles, stats, invalid };
