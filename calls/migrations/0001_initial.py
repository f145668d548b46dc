"""
The calls the city wants to join: listed as open to collaboration on its profile until their deadline.
"""

import calls.models
import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('projects', '0016_cordis_results_import'),
    ]

    operations = [
        migrations.CreateModel(
            name='OpenCall',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('identifier', models.CharField(help_text="The call's (topic's) identifier on the EU Funding & Tenders portal, e.g. “HORIZON-MISS-2026-CIT-02-01”.", max_length=100, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]$', 'Write the identifier as the Funding & Tenders portal does: letters, digits and hyphens, without spaces, e.g. “HORIZON-MISS-2026-CIT-02-01”.')], verbose_name='call identifier')),
                ('slug', models.SlugField(blank=True, error_messages={'unique': 'Another call already uses this address: change the slug.'}, help_text="The call's address on the site, e.g. “horizon-miss-2026-cit-02-01”. Left empty, it is made from the identifier.", max_length=120, unique=True, verbose_name='slug')),
                ('title', models.CharField(help_text="The call's title, e.g. “Climate-neutral and smart cities: pilot cities for positive energy districts”.", max_length=300, verbose_name='title')),
                ('title_it', models.CharField(help_text="The call's title, e.g. “Climate-neutral and smart cities: pilot cities for positive energy districts”.", max_length=300, null=True, verbose_name='title')),
                ('title_en', models.CharField(help_text="The call's title, e.g. “Climate-neutral and smart cities: pilot cities for positive energy districts”.", max_length=300, null=True, verbose_name='title')),
                ('offer', models.TextField(help_text="What the organisation brings to a consortium for this call: pilot sites, data, services, experience, e.g. “A district of 5,000 residents as a pilot site, and the municipality's energy data”. Markdown subset allowed.", verbose_name='what the city offers')),
                ('offer_it', models.TextField(help_text="What the organisation brings to a consortium for this call: pilot sites, data, services, experience, e.g. “A district of 5,000 residents as a pilot site, and the municipality's energy data”. Markdown subset allowed.", null=True, verbose_name='what the city offers')),
                ('offer_en', models.TextField(help_text="What the organisation brings to a consortium for this call: pilot sites, data, services, experience, e.g. “A district of 5,000 residents as a pilot site, and the municipality's energy data”. Markdown subset allowed.", null=True, verbose_name='what the city offers')),
                ('deadline', models.DateField(help_text='The day proposals are due, e.g. 2026-09-17. The call shows on the site through that day, then disappears by itself.', verbose_name='deadline')),
                ('url', models.URLField(help_text="The call's page on the EU Funding & Tenders portal, e.g. https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/HORIZON-MISS-2026-CIT-02-01", max_length=500, validators=[calls.models.https_only], verbose_name='link to the call')),
                ('is_published', models.BooleanField(default=True, help_text='Unpublished calls appear nowhere on the public site; published ones until their deadline.', verbose_name='published')),
                ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('organisation', models.ForeignKey(help_text='The organisation that wants to join a consortium for this call, e.g. the Comune di Lecce.', on_delete=django.db.models.deletion.CASCADE, related_name='open_calls', to='projects.organisation', verbose_name='organisation')),
                ('programme', models.ForeignKey(db_column='programme', default='HORIZON', help_text='The programme that funds the call, e.g. Horizon Europe.', on_delete=django.db.models.deletion.PROTECT, related_name='open_calls', to='projects.programme', to_field='code', verbose_name='programme')),
                ('themes', models.ManyToManyField(blank=True, help_text='The themes of the call, e.g. “Energy” and “Urban regeneration”.', related_name='open_calls', to='projects.theme', verbose_name='themes')),
            ],
            options={
                'verbose_name': 'open call',
                'verbose_name_plural': 'open calls',
                'ordering': ['deadline', 'identifier', 'pk'],
                'indexes': [models.Index(fields=['is_published', 'deadline'], name='calls_opencall_open')],
                'constraints': [models.UniqueConstraint(fields=('organisation', 'identifier'), name='calls_opencall_identifier_once_per_organisation', violation_error_message='This organisation already lists a call with this identifier.'), models.CheckConstraint(condition=models.Q(('url__startswith', 'https://')), name='calls_opencall_url_https', violation_error_message='Give an address that begins with https://.')],
            },
        ),
    ]
