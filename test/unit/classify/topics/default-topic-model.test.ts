import { loadDefaultTopicModel } from '../../../../lambdas/domain/classify/topics';

const model = loadDefaultTopicModel();
const topicsOf = (lang: string, title: string, text: string) => model.predict({ lang, title, text });
const primary = (lang: string, title: string, text: string) => topicsOf(lang, title, text)[0]?.slug;

describe('default IPTC topic model', () => {
  it('reads a German football report as sport', () => {
    expect(
      primary(
        'de',
        'Bayern gewinnt das Spitzenspiel in Dortmund',
        'Der FC Bayern hat das Spitzenspiel der Bundesliga mit 3:1 gewonnen. Der Stürmer erzielte zwei Tore, ' +
          'der Trainer lobte nach dem Spiel die Mannschaft. In der Tabelle liegt der Verein nun fünf Punkte vor dem Verfolger.',
      ),
    ).toBe('sport');
  });

  it('reads an English football report as sport', () => {
    expect(
      primary(
        'en',
        'Late penalty sends United into the cup final',
        'United reached the final after a late penalty. The striker scored twice, the goalkeeper saved a shot in ' +
          'stoppage time and the coach praised his players and the fans in the stadium after the match.',
      ),
    ).toBe('sport');
  });

  it('reads war reports as conflict in all three languages', () => {
    expect(
      primary(
        'en',
        'Drones and missiles hit Kharkiv overnight',
        'Russian forces launched a wave of drones and missiles at Kharkiv overnight, the Ukrainian military said. ' +
          'Air defence units shot down most of them, while artillery shelling continued along the front line, ' +
          'where troops are fighting for every street.',
      ),
    ).toBe('conflict');
    expect(
      primary(
        'de',
        'Schwere Gefechte an der Front bei Awdijiwka',
        'Die ukrainische Armee meldet schwere Kämpfe. Russische Truppen griffen die Stellungen mit Panzern und ' +
          'Artillerie an, Drohnen kreisten über den Schützengräben. Beide Seiten sprechen von hohen Verlusten unter den Soldaten.',
      ),
    ).toBe('conflict');
    expect(
      primary(
        'ru',
        'Ракетный удар по Одессе',
        'Ночью российские войска нанесли ракетный удар по порту. Силы ПВО сбили несколько беспилотников, ' +
          'на линии фронта продолжаются бои, артиллерия обстреливает позиции ВСУ.',
      ),
    ).toBe('conflict');
  });

  it('reads elections and diplomacy as politics', () => {
    expect(
      primary(
        'ru',
        'Выборы в Германии: канцлер ищет новую коалицию',
        'После парламентских выборов канцлер начал переговоры с партиями о создании коалиции. Оппозиция требует ' +
          'отставки правительства, а министр иностранных дел заявил, что внешняя политика страны не изменится.',
      ),
    ).toBe('politics');
    expect(
      primary(
        'en',
        'Foreign ministers meet ahead of the summit',
        'The foreign ministers of both countries met in Geneva to prepare next month’s summit. The diplomats ' +
          'discussed new sanctions, the treaty on trade and the upcoming presidential election, the ministry said.',
      ),
    ).toBe('politics');
    expect(
      primary(
        'de',
        'Koalition streitet über den Haushalt',
        'Im Bundestag wirft die Opposition der Regierung Versagen vor. Der Kanzler verteidigt die Politik seiner ' +
          'Koalition, die Parteien bereiten sich bereits auf den Wahlkampf vor.',
      ),
    ).toBe('politics');
  });

  it('reads a vaccine story as health', () => {
    expect(
      primary(
        'en',
        'Regulator approves updated vaccine',
        'Health authorities approved an updated vaccine against the virus. Doctors say patients in hospitals and ' +
          'nursing homes will be vaccinated first, as infections rise before winter.',
      ),
    ).toBe('health');
    expect(
      primary(
        'de',
        'Neuer Impfstoff zugelassen',
        'Die Behörden haben einen neuen Impfstoff gegen das Virus zugelassen. Ärzte und Kliniken erwarten, dass ' +
          'zuerst Patienten mit Vorerkrankungen geimpft werden.',
      ),
    ).toBe('health');
  });

  it('gives several topics for a mixed story, primary first and scores in [0, 1]', () => {
    const topics = topicsOf(
      'en',
      'Sanctions push gas prices up as talks stall',
      'Energy companies warned that gas prices and inflation will keep rising as new sanctions hit exports. ' +
        'Markets fell, the central bank weighed higher interest rates, and diplomats said talks between the governments ' +
        'had stalled after the summit.',
    );
    expect(topics.length).toBeGreaterThanOrEqual(2);
    expect(topics.map((t) => t.slug)).toEqual(expect.arrayContaining(['economy', 'politics']));
    for (const t of topics) {
      expect(t.score).toBeGreaterThan(0);
      expect(t.score).toBeLessThanOrEqual(1);
    }
    expect([...topics].sort((a, b) => b.score - a.score)).toEqual(topics);
  });

  it('weighs the title above the body', () => {
    const body =
      'Die Regierung beriet am Dienstag. Zuvor hatte der Trainer des Vereins die Mannschaft gelobt, der Minister ' +
      'kündigte Gespräche an.';
    expect(primary('de', 'Pokalfinale: Mannschaft und Trainer feiern den Sieg', body)).toBe('sport');
    expect(primary('de', 'Regierung und Opposition streiten im Parlament', body)).toBe('politics');
  });

  it('returns no topic for nonsense or too little text instead of guessing politics', () => {
    expect(topicsOf('en', '', 'Zibble wobble flarn quix.')).toEqual([]);
    expect(topicsOf('de', 'Hallo', 'Das ist ein kurzer Text.')).toEqual([]);
    expect(topicsOf('ru', '', 'Привет, как дела?')).toEqual([]);
    expect(topicsOf('und', '', '')).toEqual([]);
  });

  it('still classifies text in an undetected language with every lexicon', () => {
    expect(
      primary(
        'und',
        'Cup final',
        'The striker scored two goals, the goalkeeper saved a penalty and the players celebrated in the stadium.',
      ),
    ).toBe('sport');
  });

  it('has a version that is a short content hash', () => {
    expect(model.version).toMatch(/^[0-9a-f]{12}$/);
  });
});
